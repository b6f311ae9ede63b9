package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.mscan.cli.MscanMain;

/** Both command-line styles end to end, with a gcc-built kernel image. */
class CommandLineTest {
    @TempDir
    Path dir;
    Path log;
    Path kernel;
    String stdout;
    String stderr;

    @BeforeEach
    void setUp() throws Exception {
        log = dir.resolve("basic.log.gz");
        Scenarios.basic(log);
        kernel = dir.resolve("vmlinux");
        Path c = dir.resolve("k.c");
        Files.writeString(c, "int jiffies_x = 1;\nint sys_open(void) { return jiffies_x; }\n");
        Process p = new ProcessBuilder("gcc", "-nostdlib", "-static", "-Wl,-e,sys_open", "-o", kernel.toString(),
                c.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    private int run(String... args) {
        MscanCli.Run r = MscanCli.run(args);
        stdout = r.stdout();
        stderr = r.stderr();
        return r.status();
    }

    @Test
    void newAndLegacyStylesGiveTheSameDocument() {
        assertEquals(0, run("summary", "false-sharing", "--kernel=" + kernel, "--quiet", log.toString()), stderr);
        String modern = stdout;
        assertTrue(modern.startsWith("{\n  \"false-sharing\": ["), modern);
        assertTrue(modern.endsWith("  \"summary\": {\n    \"total-instructions\": 500\n  }\n}\n"), modern);
        assertEquals(0, run("--kernel", kernel.toString(), "--mtrace-log-file=" + log, "--summary", "--false"));
        assertEquals(modern, stdout);
    }

    @Test
    void legacyWithOnlyAKernelPrintsAnEmptyObject() {
        assertEquals(0, run("--kernel=" + kernel, "--mtrace-log-file=" + log));
        assertEquals("{ }\n", stdout);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("--kernel=" + kernel, "--frobnicate"));
        assertTrue(stderr.startsWith("unrecognized option '--frobnicate'\nusage: mscan [options]\n\n"), stderr);
        assertEquals("", stdout);
        assertEquals(2, run("summary", "nonsense", log.toString()));
        assertTrue(stderr.startsWith("mscan: unknown analysis 'nonsense'"), stderr);
        assertEquals(2, run("stack-trace-pc", "--stack-trace-pc=xyz", log.toString()));
        assertEquals("mscan: not a hexadecimal address: 'xyz'\n", stderr);
    }

    @Test
    void missingInputsAreOneLineAndExitTwo() {
        assertEquals(2, run("summary", dir.resolve("nope.gz").toString()));
        assertEquals("mscan: " + dir.resolve("nope.gz") + ": cannot open log: no such file\n", stderr);
        assertEquals(2, run("--kernel=" + dir.resolve("nokernel"), "--mtrace-log-file=" + log, "--summary"));
        assertEquals("mscan: failed to open " + dir.resolve("nokernel") + ": no such file\n", stderr);
        assertEquals(2, run("--kernel=" + dir, "summary", log.toString()));
        assertEquals("mscan: failed to open " + dir + ": a directory, not a file\n", stderr);
    }

    @Test
    void failedAnalysisStillPrintsTheOthers() throws Exception {
        Path rec = dir.resolve("rec.gz");
        try (var s = org.mtrace.mscan.scenario.ScenarioLog.create(rec)) {
            s.mode(0, 1, 5, "app").store(0, 0x10, 0x1000, 8, true);
        }
        assertEquals(2, run("summary", "distinct-sys", rec.toString()));
        assertTrue(stdout.startsWith("{\n  \"distinct-per-entry\": ["), stdout);
        // distinct-sys still prints, and says why its one row (accesses outside any call) means little: one line
        assertEquals("mscan: " + rec + ": entry 2 at byte offset 162 (end of the log): summary: total_instructions: still "
                + "processing log?; also: distinct-sys: needs call traces (fcall entries), but this log has none: its "
                + "result says nothing about this log\n", stderr); // host 108 + access 54 bytes
    }

    @Test
    void noArgumentsRunsTheDefaultsOnFilesInTheWorkingDirectory() throws Exception {
        Path cwd = Files.createDirectory(dir.resolve("cwd"));
        Files.copy(log, cwd.resolve("mtrace.out"));
        Files.copy(kernel, cwd.resolve("mscan.kern"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MscanMain.class.getName()));
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectError(new File(dir.toFile(), "err")).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err")));
        // same document as the three default analyses asked for explicitly (sys_open now comes from the ELF)
        assertEquals(0, run("distinct-sys", "false-sharing", "summary", "--kernel=" + kernel, log.toString()));
        assertEquals(stdout, out);
        assertTrue(out.startsWith("{\n  \"distinct-per-entry\": ["));
        assertTrue(out.contains("\"false-sharing\""));
        assertTrue(out.contains("\"summary\""));
    }

    @Test
    void opSyscallsInBothStylesAndWithASeparateValue() {
        // the basic scenario's application "bench" is not in the original's table; its system
        // call's entry PC is not in this image, so the function is named after the PC
        String entry = "0xffffffff81000100";
        assertEquals(0, run("distinct-ops", "--kernel=" + kernel, "--op-syscalls=" + entry, "--quiet", log.toString()),
                stderr);
        String modern = stdout;
        assertTrue(modern.contains("\"distinct-per-op\": {\n    \"ops\": 6,\n    \"distinct\": 3,\n"), modern);
        assertEquals(0, run("--op-syscalls", entry, "distinct-ops", "--kernel", kernel.toString(), log.toString()),
                stderr);
        assertEquals(modern, stdout);
        assertEquals(0, run("--kernel", kernel.toString(), "--mtrace-log-file=" + log, "--distinct-ops",
                "--op-syscalls", entry), stderr);
        assertEquals(modern, stdout);
        assertEquals(0, run("--kern", kernel.toString(), "--mtrace-log", log.toString(), "--distinct-o",
                "--op-syscalls=" + entry), stderr);
        assertEquals(modern, stdout);
    }

    @Test
    void aMisspeltAnalysisGetsASuggestionNotAMissingFile() {
        assertEquals(2, run("false-shring", log.toString()));
        assertEquals("mscan: unknown analysis 'false-shring' (did you mean false-sharing?)\n", stderr);
        assertEquals("", stdout);
        assertEquals(2, run("false-shring")); // alone too: not the original's "mtrace.out: no such file"
        assertEquals("mscan: unknown analysis 'false-shring' (did you mean false-sharing?)\n", stderr);
        assertEquals(2, run("--kernel=" + kernel, "summary", "sumary", log.toString()));
        assertEquals("mscan: unknown analysis 'sumary' (did you mean summary?)\n", stderr);
        assertEquals(2, run("frobnicate", log.toString()));
        assertEquals("mscan: unknown analysis 'frobnicate' (mscan --list shows the analyses)\n", stderr);
        assertEquals(2, run(log.toString()));
        assertEquals("mscan: no analysis given for '" + log + "' (e.g. mscan summary " + log + "; mscan --list shows the "
                + "analyses)\n", stderr);
        assertEquals(2, run("summary", "--kernel")); // usage errors of the new style: one line each
        assertEquals("mscan: Missing required parameter for option '--kernel' (ELF) (see mscan --help)\n", stderr);
        assertEquals(2, run("summary"));
        assertEquals("mscan: no log file given (see mscan --help)\n", stderr);
        assertEquals(2, run("stack-trace-pc", log.toString()));
        assertEquals("mscan: stack-trace-pc needs at least one --stack-trace-pc=PC (see mscan --help)\n", stderr);
        assertEquals("", stdout);
        // the original's style still ignores a stray word next to its options
        assertEquals(0, run("--kernel=" + kernel, "--mtrace-log-file=" + log, "--summary", "stray"), stderr);
        assertEquals("{\n  \"summary\": {\n    \"total-instructions\": 500\n  }\n}\n", stdout);
    }

    @Test
    void noArgumentsAndNoDefaultFilesSaysWhatToRun() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MscanMain.class.getName());
        Process p = new ProcessBuilder(cmd).directory(empty.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals("", out);
        assertTrue(err.startsWith("mscan: nothing to analyse: no arguments, and neither mtrace.out nor mscan.kern"), err);
        assertTrue(err.contains("mscan summary false-sharing --kernel=vmlinux LOG"), err);
        assertTrue(err.contains("mscan report --kernel=vmlinux LOG"), err);
    }

    @Test
    void anAnalysisTheLogCannotServeExitsOneWithTheOriginalDocument() {
        // the basic scenario is a movement recording; the original prints an empty list and exits 0
        String empty = "{\n  \"shared_cachelines\": [ ]\n}\n";
        String why = "mscan: all-sharing: needs recording in ascope mode, but this log recorded only in movement mode: "
                + "its result says nothing about this log; for movement recordings run all-sharing-movement\n";
        assertEquals(1, run("all-sharing", "--kernel=" + kernel, "--quiet", log.toString()));
        assertEquals(empty, stdout);
        assertEquals(why, stderr);
        assertEquals(1, run("--kernel=" + kernel, "--mtrace-log-file=" + log, "--all-sh"));
        assertEquals(empty, stdout);
        assertEquals(why, stderr);
        // the basic scenario's accesses all sit at host address 0, and 3 of its 5 move no line under the
        // recorder's filter, which no filtered log holds: all-sharing-movement says it is a full trace
        // (RequirementsTest has one that serves it)
        assertEquals(1, run("all-sharing-movement", "--kernel=" + kernel, "--quiet", log.toString()), stderr);
        assertTrue(stdout.startsWith("{\n  \"shared_cachelines_movement\": [\n    {\n"), stdout);
        assertEquals("mscan: all-sharing-movement: needs a log the recorder's movement filter wrote, but this log holds every"
                + " access (a full trace, mtrace-record --all): its result says nothing about this log; filter it first"
                + " (bin/mtrace-refilter -o OUT LOG), or run mscan report, which filters either kind\n", stderr);
    }

    @Test
    void aMissingKernelImageIsReportedBeforeReading() {
        assertEquals(2, run("distinct-ops", "summary", log.toString()));
        assertEquals("", stdout);
        assertEquals("mscan: distinct-ops: needs a kernel image (--kernel=ELF): it finds the application's system calls "
                + "by function name (or give them as PCs: --op-syscalls=0x...)\n", stderr);
    }
}
