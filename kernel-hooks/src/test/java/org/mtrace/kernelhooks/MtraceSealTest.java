package org.mtrace.kernelhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.EntryRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.MachineRecord;

/**
 * recorder/tools/mtrace_seal.c on logs cut as a killed recorder leaves them: the project's Java
 * writer makes the log, a truncation inside a member stands for SIGKILL during a write, and the
 * Java reader is the judge: before sealing it stops with an error after the complete members;
 * after sealing it reads exactly those entries, then a disable entry, without error.
 */
class MtraceSealTest {
    private static final int ACCESSES = 60_000; // about 50 BGZF members of 54-byte entries

    @TempDir static Path tmp;
    static Path seal;

    @BeforeAll
    static void build() throws Exception {
        Path root = Commands.root();
        Commands.run(List.of("make", "-s", "-C", root.resolve("recorder").toString(), "BUILD=" + tmp.resolve("build")));
        seal = tmp.resolve("build/mtrace-seal");
    }

    private static Path log(String name, boolean enabledAtEnd) throws IOException {
        Path p = tmp.resolve(name);
        try (LogWriter w = LogWriter.create(p, Compression.BGZF)) {
            w.write(new MachineRecord(Header.cpu(0), 4, 1L << 29, 0, 1, false, false));
            w.write(HostRecord.recordMode(Header.cpu(0), 0, 1, "phase"));
            for (int i = 0; i < ACCESSES; i++) {
                w.write(new AccessRecord(new Header(i % 4, i, 0), 1, true, false, false, 0xffffffff81000000L + i,
                        64L * i, 0xffff888000000000L + 64L * i, 8));
            }
            if (!enabledAtEnd) {
                w.write(HostRecord.recordMode(new Header(0, ACCESSES - 1, 0), 0, 0, "phase"));
            }
        }
        return p;
    }

    /** Entries the reader delivers before its first error (or all of them). */
    private static List<EntryRecord> readable(Path p) {
        List<EntryRecord> all = new ArrayList<>();
        try (LogReader r = LogReader.open(p)) {
            while (r.next()) {
                all.add(r.entry().toRecord());
            }
        } catch (IOException | RuntimeException e) {
            all.add(null); // marks "stopped with an error"
        }
        return all;
    }

    /** Cuts the log at {@code cut} bytes and returns how many entries lie in members that end before it. */
    private static long cutAndCountComplete(Path p, long cut) throws Exception {
        long complete = 0;
        for (BgzfMembers.Member m : BgzfMembers.of(Files.readAllBytes(p))) {
            if (m.end() <= cut) {
                complete += m.entries();
            }
        }
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(cut);
        }
        return complete;
    }

    @Test
    void killedMidMemberKeepsTheCompleteMembersAndEndsDisabled() throws Exception {
        Path p = log("killed.mtrace.gz", true);
        List<EntryRecord> whole = readable(p);
        long complete = cutAndCountComplete(p, Files.size(p) * 2 / 3);
        assertTrue(complete > 1000 && complete < ACCESSES, "cut somewhere in the middle: " + complete);
        assertEquals(null, readable(p).get(readable(p).size() - 1), "a cut log ends in a read error");

        String said = Commands.run(List.of(seal.toString(), p.toString()));
        assertTrue(said.contains("added a disable entry"), said);

        List<EntryRecord> after = readable(p);
        assertEquals(complete + 1, after.size());
        assertEquals(whole.subList(0, (int) complete), after.subList(0, (int) complete));
        HostRecord last = (HostRecord) after.get(after.size() - 1);
        assertEquals(0, last.mode());
        assertEquals("recorder killed", last.accessStr());
        assertEquals(whole.get((int) complete - 1).header().accessCount(), last.header().accessCount());
        // sealing again changes nothing
        long sealed = Files.size(p);
        assertTrue(Commands.run(List.of(seal.toString(), p.toString())).contains("complete"));
        assertEquals(sealed, Files.size(p));
    }

    @Test
    void aCutInTheMemberThatHeldTheDisableEntryAddsOne() throws Exception {
        Path p = log("torn.mtrace.gz", false);
        // 40 bytes: the 28-byte EOF member and the end of the last data member, which holds the disable entry
        long complete = cutAndCountComplete(p, Files.size(p) - 40);
        Commands.run(List.of(seal.toString(), p.toString()));
        List<EntryRecord> after = readable(p);
        assertEquals(complete + 1, after.size());
        assertEquals("recorder killed", ((HostRecord) after.get(after.size() - 1)).accessStr());
    }

    @Test
    void somethingElseIsRefusedAndLeftAlone() throws Exception {
        Path p = tmp.resolve("text.txt");
        Files.writeString(p, "not a log\n");
        Process proc = new ProcessBuilder(seal.toString(), p.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes());
        assertEquals(2, proc.waitFor());
        assertTrue(out.contains("not a recorder log"), out);
        assertEquals("not a log\n", Files.readString(p));
    }
}
