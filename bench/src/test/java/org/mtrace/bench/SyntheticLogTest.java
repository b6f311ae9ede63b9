package org.mtrace.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.EntryType;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.WriterOptions;

class SyntheticLogTest {
    @TempDir
    Path tmp;

    @Test
    void sameSeedSameLogInEveryContainerAndTheAdvertisedMix() throws Exception {
        SyntheticLog gen = new SyntheticLog(8, 7);
        Path a = tmp.resolve("a.raw");
        Path b = tmp.resolve("b.raw");
        assertEquals(20_000, gen.write(a, 20_000, Compression.RAW, WriterOptions.DEFAULT));
        gen.write(b, 20_000, Compression.RAW, WriterOptions.DEFAULT);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));

        Path gz = tmp.resolve("c.gz");
        gen.write(gz, 20_000, Compression.BGZF, WriterOptions.DEFAULT);
        long[] sums = new long[2];
        Map<EntryType, Integer> kinds = new EnumMap<>(EntryType.class);
        int i = 0;
        for (Path p : new Path[] {a, gz}) {
            FieldChecksum sum = new FieldChecksum();
            try (LogReader r = LogReader.open(p)) {
                while (r.next()) {
                    sum.add(r.entry());
                    if (p == a) {
                        EntryType t = r.entry().type();
                        kinds.merge(t, 1, Integer::sum);
                        if (r.entry().index() < 8) {
                            assertEquals(EntryType.MACHINE, t);
                        }
                        if (t == EntryType.ACCESS) {
                            assertTrue(r.entry().asAccess().guestAddr() < 0, "kernel heap address");
                            assertTrue(r.entry().cpu() < 8);
                        }
                    }
                }
                assertEquals(20_000, r.entriesRead());
            }
            sums[i++] = sum.value();
        }
        assertEquals(sums[0], sums[1], "the checksum does not depend on the container");
        assertTrue(kinds.get(EntryType.ACCESS) > 19_500, kinds.toString());
        assertTrue(kinds.get(EntryType.LABEL) > 0 && kinds.get(EntryType.FCALL) > 0, kinds.toString());
    }

    @Test
    void checksumSeesEveryField() throws Exception {
        // flipping any single byte of an access entry's defined fields changes the checksum
        Path p = tmp.resolve("one.raw");
        new SyntheticLog(1, 1).write(p, 10, Compression.RAW, WriterOptions.DEFAULT);
        byte[] log = Files.readAllBytes(p);
        long base = checksum(log);
        int lastAccess = log.length - 54; // the generator ends with accesses for this seed (checked below)
        assertEquals(2, log[lastAccess]);
        for (int off = 0; off < 54; off++) {
            if (off < 6) {
                continue; // type and size: changing them makes the entry invalid rather than different
            }
            if (off == 28) {
                continue; // flags byte: only bits 0..2 are defined, tested separately below
            }
            if (off >= 25 && off <= 27) {
                continue; // access_type's high bytes are read too, but keep the type a known code
            }
            byte[] changed = log.clone();
            changed[lastAccess + off] ^= 0x01;
            assertTrue(checksum(changed) != base, "byte " + off);
        }
        for (int bit = 0; bit < 3; bit++) {
            byte[] changed = log.clone();
            changed[lastAccess + 28] ^= (byte) (1 << bit);
            assertTrue(checksum(changed) != base, "flag bit " + bit);
        }
    }

    private static long checksum(byte[] log) throws Exception {
        FieldChecksum sum = new FieldChecksum();
        try (LogReader r = LogReader.open(new java.io.ByteArrayInputStream(log), "mem",
                org.mtrace.format.io.ReaderOptions.STRICT)) {
            while (r.next()) {
                sum.add(r.entry());
            }
        }
        return sum.value();
    }
}
