package org.mtrace.kernelhooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.EntryType;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.EntryRecord;

/**
 * Compiles the recorder's own movement filter and BGZF writer (../recorder/src) with a small C
 * driver at test time, and checks the log it writes: every filter decision against the
 * cache-line model of FORMAT.md 6.3 worked by hand (with 64-bit CPU masks), and the container
 * against the BGZF rules (independent members of whole entries, 'BC' = member size - 1, EOF
 * member), read both by the project's LogReader and by a member-by-member inflater.
 */
class RecorderLogTest {
    private static final int FILLER = 20_000;
    private static final byte[] BGZF_EOF = {
        0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 0xff, 6, 0, 'B', 'C', 2, 0, 0x1b, 0,
        3, 0, 0, 0, 0, 0, 0, 0, 0, 0
    };

    @TempDir static Path tmp;
    static Path log;

    @BeforeAll
    static void writeLogWithTheRecorderCode() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path src = root.resolve("recorder/src");
        Path driver = tmp.resolve("log_driver");
        Commands.run(List.of("cc", "-O1", "-std=gnu11", "-I", src.toString(),
                root.resolve("kernel-hooks/src/test/c/log_driver.c").toString(),
                src.resolve("bgzf_writer.c").toString(), src.resolve("movement.c").toString(),
                "-lz", "-lpthread", "-o", driver.toString()));
        log = tmp.resolve("driver.mtrace.gz");
        Commands.run(List.of(driver.toString(), log.toString(), Integer.toString(FILLER)));
    }

    /** The hash map behind live labels and hook lookups agrees with a plain array on random operations. */
    @Test
    void u64mapAgreesWithAReferenceUnderRandomPutRemoveGet() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path src = root.resolve("recorder/src");
        Path check = tmp.resolve("u64map_check");
        Commands.run(List.of("cc", "-O1", "-std=gnu11", "-I", src.toString(),
                root.resolve("kernel-hooks/src/test/c/u64map_check.c").toString(),
                src.resolve("u64map.c").toString(), "-o", check.toString()));
        assertEquals("0 400000", Commands.run(List.of(check.toString())).trim());
    }

    private static List<EntryRecord> readAll() throws IOException {
        List<EntryRecord> all = new ArrayList<>();
        try (LogReader r = LogReader.open(log)) {
            while (r.next()) {
                all.add(r.entry().toRecord());
            }
        }
        return all;
    }

    @Test
    void movementDecisionsFollowTheCacheLineModelFor64Cpus() throws IOException {
        List<EntryRecord> all = readAll();
        assertEquals(EntryType.MACHINE, all.get(0).type());
        // Worked by hand from FORMAT.md 6.3 (reset: every line present in every CPU's cache):
        int[] cpu = {0, 40, 40, 40, 0, 40, 0, 63, 63, 63, 0, 5};
        boolean[] traffic = {
            false, // cpu0 load A after reset: present
            false, // cpu40 load A: present too (an 8-bit mask would have logged it)
            true,  // cpu40 store A: others hold it -> invalidate, mask {40}
            false, // cpu40 store A again: already exclusive
            true,  // cpu0 load A: invalidated by cpu40's store
            false, // cpu40 load A: still holds it
            true,  // cpu0 store A: cpu40 holds a copy -> mask {0}
            true,  // cpu63 load A: invalidated by cpu0's store
            false, // cpu63 load A+63: same 64-byte line
            false, // cpu63 load A+64: next line, untouched since reset
            false, // reset, then cpu0 load A: present again
            true,  // cpu5 store at 256 GiB: all CPUs held it since reset
        };
        for (int i = 0; i < cpu.length; i++) {
            AccessRecord a = (AccessRecord) all.get(1 + i);
            assertEquals(cpu[i], a.header().cpu(), "cpu of access " + i);
            assertEquals(i, a.header().accessCount(), "access_count of access " + i);
            assertEquals(traffic[i], a.traffic(), "traffic of access " + i);
        }
        assertEquals(1 + cpu.length + FILLER, all.size());
    }

    @Test
    void logIsIndependentBgzfMembersOfWholeEntriesEndingWithTheEofMember() throws Exception {
        byte[] file = Files.readAllBytes(log);
        List<BgzfMembers.Member> members = BgzfMembers.of(file);
        assertTrue(members.size() > 10, "expected many members, got " + members.size());
        for (BgzfMembers.Member m : members) {
            assertTrue(m.payload() <= 65280, "payload of member at " + m.offset());
        }
        byte[] tail = java.util.Arrays.copyOfRange(file, file.length - 28, file.length);
        assertArrayEquals(BGZF_EOF, tail);
        assertEquals(1 + 12 + FILLER, members.stream().mapToLong(BgzfMembers.Member::entries).sum());
    }
}
