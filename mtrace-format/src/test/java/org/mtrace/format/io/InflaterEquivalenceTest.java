package org.mtrace.format.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mtrace.format.record.EntryRecord;

/**
 * A reader gives the same entries and the same fault (problem, entry index, byte offset, message)
 * whichever inflater it uses ({@link RawInflater}): ISA-L against the JDK's zlib on gzip and BGZF
 * logs cut at many offsets and with damaged bytes, read with parallel and sequential inflation and
 * through a trickling stream. Only the inflater's own words for corrupt data may differ: what
 * zlib calls deflate data that ends early ISA-L may find as a failed check, and the reverse.
 */
class InflaterEquivalenceTest {
    private static final List<ReaderOptions> OPTIONS = List.of(Logs.PARALLEL, Logs.SEQUENTIAL);

    @AfterEach
    void restore() {
        System.clearProperty(RawInflater.PROPERTY);
    }

    @Test
    void cutLogsEndAlikeWithEitherInflater() throws Exception {
        assumeTrue(IsalInflater.available(), IsalInflater.unavailableReason());
        List<EntryRecord> written = Logs.mixed(30_000);
        for (Compression c : new Compression[] {Compression.GZIP, Compression.BGZF}) {
            byte[] log = Logs.write(written, c);
            SplittableRandom rng = new SplittableRandom(c.ordinal());
            for (int i = 0; i < 100; i++) {
                int cut = i < 10 ? log.length - i : rng.nextInt(log.length);
                byte[] part = java.util.Arrays.copyOf(log, cut);
                compare(part, c + " cut at " + cut);
            }
        }
    }

    @Test
    void damagedLogsFailAlikeWithEitherInflater() throws Exception {
        assumeTrue(IsalInflater.available(), IsalInflater.unavailableReason());
        List<EntryRecord> written = Logs.mixed(30_000);
        int faults = 0;
        for (Compression c : new Compression[] {Compression.GZIP, Compression.BGZF}) {
            byte[] log = Logs.write(written, c);
            SplittableRandom rng = new SplittableRandom(10 + c.ordinal());
            for (int i = 0; i < 40; i++) {
                byte[] bad = log.clone();
                int at = i < 8 ? log.length - 1 - i : rng.nextInt(log.length); // the trailer, then anywhere
                bad[at] ^= (byte) (1 + rng.nextInt(255));
                faults += compare(bad, c + " damaged at " + at) ? 1 : 0;
            }
        }
        assertTrue(faults > 40, "most damage is found: " + faults + " of 80");
    }

    /** Reads {@code log} with both inflaters and every option; returns whether it ended in a fault. */
    private static boolean compare(byte[] log, String what) throws Exception {
        boolean fault = false;
        for (ReaderOptions options : OPTIONS) {
            System.setProperty(RawInflater.PROPERTY, "jdk");
            Logs.Outcome zlib = Logs.read(log, options);
            System.setProperty(RawInflater.PROPERTY, "isal");
            Logs.Outcome isal = Logs.read(log, options);
            Logs.Outcome trickled = Logs.read(Logs.trickle(log, 7_001), options);
            for (Logs.Outcome o : new Logs.Outcome[] {isal, trickled}) {
                assertEquals(zlib.entries(), o.entries(), what);
                assertEquals(zlib.problem(), o.problem(), what);
                if (zlib.fault() != null) {
                    assertEquals(zlib.fault().entryIndex(), o.fault().entryIndex(), what);
                    assertEquals(zlib.fault().offset(), o.fault().offset(), what);
                    assertEquals(words(zlib.fault().getMessage()), words(o.fault().getMessage()), what);
                }
            }
            fault |= zlib.fault() != null;
        }
        return fault;
    }

    /**
     * The message without the inflater's own words for corrupt data (a BGZF member's reason, a
     * stream's deflate error and the input position where it was found) and without the number of
     * bytes of a cut entry decoded: ISA-L decodes a cut stream up to a few bytes short of zlib (it
     * needs bits ahead of a symbol). Entries, problems, truncations and fault positions stay.
     */
    private static String words(String message) {
        return message.replaceAll("(gzip member at file offset \\d+): .*", "$1: (corrupt)")
                .replaceAll("corrupt deflate data near file offset \\d+ \\([^)]*\\)", "corrupt deflate data near (...)")
                .replaceAll("\\(inside an entry, \\d+ bytes of it decoded\\)", "(inside an entry)");
    }
}
