package org.mtrace.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/_launch, copied into a project layout of its own: the java command line it builds (read back
 * from a stub {@code java} that prints its arguments), and with the real java, that a class-data-
 * sharing archive is used when it matches and costs not one byte of output when it does not.
 */
class LauncherTest {
    private static final String MAIN = "org.example.Main";
    private static final String C1 = "-XX:TieredStopAtLevel=1";
    /** Out of memory rather than collections back to back (docs/launchers.md): before MTRACE_JAVA_OPTS, always. */
    private static final List<String> OUT_OF_MEMORY_NOT_THRASHING = List.of("-XX:GCTimeLimit=90", "-XX:GCHeapFreeLimit=20");
    /** Where C2 runs, the launcher asks it for no uncommon traps (docs/launchers.md). */
    private static final String C2_WITHOUT_TRAPS = "-XX:PerMethodTrapLimit=0";

    @TempDir
    Path root;

    private Path lib;
    private Path cds;
    private Path stubs;

    @BeforeEach
    void layout() throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Launchers.ROOT.resolve("bin/_launch"), root.resolve("bin/_launch"));
        lib = Files.createDirectories(root.resolve("dist/target/lib"));
        cds = root.resolve("dist/target/cds");
        stubs = Files.createDirectories(root.resolve("stub"));
        Path java = stubs.resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Run(int status, String out, String err) {
    }

    private Run launch(Path javaDir, Map<String, String> env, String main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("bin/_launch").toString(), main));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        pb.environment().remove("MTRACE_JAVA_OPTS");
        pb.environment().remove("MTRACE_C2_FROM");
        pb.environment().remove("MTRACE_CDS_DUMP");
        pb.environment().put("PATH", javaDir + ":" + System.getenv("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    /** The arguments the launcher hands to java. */
    private List<String> javaArgs(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Run r = launch(stubs, env, MAIN, args);
        assertEquals(0, r.status, r.err);
        return r.out.lines().toList();
    }

    private List<String> javaArgs(String... args) throws IOException, InterruptedException {
        return javaArgs(Map.of(), args);
    }

    private Path file(String name, long bytes) throws IOException {
        Path f = root.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(bytes); // sparse: only the size matters
        }
        return f;
    }

    /** What the launcher hands java where both compilers run and no archive exists. */
    private List<String> bothCompilers(String... args) throws IOException {
        List<String> t = new ArrayList<>(List.of(C2_WITHOUT_TRAPS));
        t.addAll(tail(args));
        return t;
    }

    private List<String> tail(String... args) throws IOException {
        List<String> t = new ArrayList<>(OUT_OF_MEMORY_NOT_THRASHING);
        t.addAll(defaultCollector());
        t.addAll(List.of("-cp", lib + "/*", MAIN));
        t.addAll(List.of(args));
        return t;
    }

    /**
     * The collector settings docs/launchers.md gives for this machine: the parallel collector; with
     * at least 2 GiB of memory a young generation of 128 MB promoting at once; no transparent huge
     * pages asked for, whatever the kernel offers.
     */
    private static List<String> defaultCollector() throws IOException {
        List<String> gc = new ArrayList<>(List.of("-XX:+UseParallelGC"));
        long memKib = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst().orElse(0);
        if (memKib >= 2L * 1024 * 1024) {
            gc.addAll(List.of("-Xmn128m", "-XX:MaxTenuringThreshold=0"));
        }
        return gc;
    }

    @Test
    void aSmallLogRunsOnC1Only() throws Exception {
        String log = file("small.mtrace.gz", 1000).toString();
        List<String> expected = new ArrayList<>(List.of(C1));
        expected.addAll(tail("--quiet", "summary", log));
        assertEquals(expected, javaArgs("--quiet", "summary", log));
        // the original's option naming the log counts as well
        assertTrue(javaArgs("--mtrace-log-file=" + log, "--summary").contains(C1));
    }

    @Test
    void aLogFrom200MBKeepsBothCompilers() throws Exception {
        String big = file("big.mtrace.gz", 200_000_000).toString();
        String justUnder = file("under.mtrace.gz", 199_999_999).toString();
        assertEquals(bothCompilers("summary", big), javaArgs("summary", big));
        assertFalse(javaArgs("summary", justUnder).contains(C2_WITHOUT_TRAPS));
        assertTrue(javaArgs("summary", justUnder).contains(C1));
        // the largest operand decides
        assertFalse(javaArgs(justUnder, big).contains(C1));
        // and the threshold is a setting
        assertFalse(javaArgs(Map.of("MTRACE_C2_FROM", "1000"), file("k.gz", 1000).toString()).contains(C1));
        assertTrue(javaArgs(Map.of("MTRACE_C2_FROM", "1001"), root.resolve("k.gz").toString()).contains(C1));
    }

    @Test
    void withoutAnInputFileBothCompilersStay() throws Exception {
        assertEquals(bothCompilers("-"), javaArgs("-"));
        assertEquals(bothCompilers("summary", "no-such-file"), javaArgs("summary", "no-such-file"));
        assertEquals(bothCompilers("--log=" + file("log.gz", 10)), javaArgs("--log=" + root.resolve("log.gz")));
        // an output file is not an input, even when it exists already
        String out = file("out.gz", 10).toString();
        assertEquals(bothCompilers("-o", out, "--entries=9"), javaArgs("-o", out, "--entries=9"));
    }

    @Test
    void theKernelImageDoesNotCountAsTheInput() throws Exception {
        String kernel = file("vmlinux", 600_000_000).toString();
        String log = file("small.gz", 1000).toString();
        assertTrue(javaArgs("--kernel=" + kernel, "summary", log).contains(C1));
        assertTrue(javaArgs("--kernel", kernel, "summary", log).contains(C1));
    }

    @Test
    void javaOptionsReplaceTheGcChoiceAndComeLast() throws Exception {
        String log = file("small.gz", 1000).toString();
        assertEquals(List.of(C1, "-XX:GCTimeLimit=90", "-XX:GCHeapFreeLimit=20", "-Xmx1g", "-XX:TieredStopAtLevel=4",
                "-cp", lib + "/*", MAIN, log),
                javaArgs(Map.of("MTRACE_JAVA_OPTS", "-Xmx1g -XX:TieredStopAtLevel=4"), log));
    }

    @Test
    void theToolsArchiveIsPassedWhenTheBuildWroteOne() throws Exception {
        assertEquals(bothCompilers("-"), javaArgs("-"));
        Files.createDirectories(cds);
        Path archive = Files.writeString(cds.resolve(MAIN + ".jsa"), "x");
        List<String> expected = new ArrayList<>(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off"));
        expected.addAll(bothCompilers("-"));
        assertEquals(expected, javaArgs("-"));
        // the build's training run writes the archive instead of reading it
        Path dump = cds.resolve("new.jsa");
        expected.set(0, "-XX:ArchiveClassesAtExit=" + dump);
        expected.remove(1);
        assertEquals(expected, javaArgs(Map.of("MTRACE_CDS_DUMP", dump.toString()), "-"));
    }

    /** The probe class in a jar of its own in the layout's lib/. */
    private Path probeJar() throws IOException {
        Path jar = lib.resolve("probe.jar");
        String entry = CdsProbe.class.getName().replace('.', '/') + ".class";
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar));
             InputStream in = CdsProbe.class.getResourceAsStream("/" + entry)) {
            out.putNextEntry(new ZipEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void anArchiveIsUsedWhenItMatchesAndSilentWhenItDoesNot() throws Exception {
        Path realJava = Files.createDirectories(root.resolve("realjava"));
        Files.createSymbolicLink(realJava.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        Path jar = probeJar();
        String main = CdsProbe.class.getName();
        Files.createDirectories(cds);
        Path archive = cds.resolve(main + ".jsa");

        Run dump = launch(realJava, Map.of("MTRACE_CDS_DUMP", archive.toString()), main);
        assertEquals(new Run(0, "probe\n", ""), dump);
        assertTrue(Files.size(archive) > 0);

        Run used = launch(realJava, Map.of("MTRACE_JAVA_OPTS", "-Xlog:class+load:stderr"), main);
        assertEquals("probe\n", used.out);
        assertTrue(used.err.contains(main + " source: shared objects file (top)"), used.err);

        // a rebuilt jar: the JVM refuses the archive (it checks the jar's time and size) and says so
        // on stdout unless told not to
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));
        assertEquals(new Run(0, "probe\n", ""), launch(realJava, Map.of(), main));
        Run stale = launch(realJava, Map.of("MTRACE_JAVA_OPTS", "-Xlog:class+load:stderr"), main);
        assertTrue(stale.err.contains(main + " source: file:"), stale.err);

        // an archive that is not one at all
        Files.delete(archive);
        Files.writeString(archive, "not an archive");
        assertEquals(new Run(0, "probe\n", ""), launch(realJava, new HashMap<>(), main));
    }
}
