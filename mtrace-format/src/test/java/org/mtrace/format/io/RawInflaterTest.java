package org.mtrace.format.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ISA-L's inflater against the data it must give back: gzip members (deflate data by the JDK's
 * Deflater and a trailer) fed in random slices of input, of one array or a new array for every
 * slice (as a reader refilling its buffer), into random slices of output; the bytes after the
 * member given back, wrong trailers and corrupt data refused. The JDK's zlib is run through the same loop as the reference. Needs the
 * native library (the build compiles it where libisal-dev is installed, as .ci/run does); fails
 * without it when CI=true, skips otherwise.
 */
class RawInflaterTest {
    @BeforeAll
    static void nativeLibrary() {
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(IsalInflater.available(), IsalInflater.unavailableReason());
        }
        assumeTrue(IsalInflater.available(), IsalInflater.unavailableReason());
    }

    @Test
    void givesBackWhatWasDeflatedAndTheBytesAfterTheMember() throws Exception {
        SplittableRandom rng = new SplittableRandom(11);
        for (int round = 0; round < 120; round++) {
            byte[] data = sample(rng, rng.nextInt(4) == 0 ? rng.nextInt(100) : rng.nextInt(400_000));
            int level = new int[] {0, 1, 6, 9}[round % 4];
            byte[] tail = new byte[rng.nextInt(20)]; // e.g. the next member's first bytes
            rng.nextBytes(tail);
            byte[] member = concat(concat(deflate(data, level, round % 5 == 4), trailer(data, 0, 0)), tail);
            for (RawInflater inf : new RawInflater[] {new IsalInflater(), new JdkInflater()}) {
                boolean fresh = rng.nextBoolean();
                Result r = feed(inf, member, rng, fresh);
                String what = inf.getClass().getSimpleName() + ", round " + round + " (" + data.length + " bytes at level "
                        + level + (fresh ? ", a new array per slice)" : ")");
                assertArrayEquals(data, r.out, what);
                // ISA-L consumes the trailer it checks; zlib leaves it to the caller
                assertEquals(tail.length + (inf.verifiesGzipTrailer() ? 0 : 8), r.remaining, "bytes left, " + what);
                inf.end();
            }
        }
    }

    @Test
    void refusesAWrongTrailer() throws Exception {
        SplittableRandom rng = new SplittableRandom(12);
        for (int round = 0; round < 40; round++) {
            byte[] data = sample(rng, rng.nextInt(4) == 0 ? rng.nextInt(100) : rng.nextInt(300_000));
            IsalInflater inf = new IsalInflater();
            for (int[] damage : new int[][] {{1, 0}, {0, 1}, {1 << 31, 0}, {0, -1}}) { // CRC-32, then ISIZE
                byte[] next = new byte[rng.nextInt(5)];
                byte[] bad = concat(concat(deflate(data, 1 + round % 9, false), trailer(data, damage[0], damage[1])), next);
                inf.reset();
                Result r = new Result();
                assertThrows(RawInflater.TrailerMismatch.class, () -> feed(inf, bad, rng, false, r), "round " + round);
                // the member ends where it did: the reader names its end in the message
                assertEquals(next.length, r.remaining, "bytes after the failed trailer, round " + round);
            }
            inf.end();
        }
    }

    @Test
    void refusesCorruptData() throws Exception {
        SplittableRandom rng = new SplittableRandom(13);
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) "entry pc cpu addr ".charAt(rng.nextInt(18)); // Huffman-coded: damage shows
        }
        byte[] stream = concat(deflate(data, 6, false), trailer(data, 0, 0));
        int isalRefusals = 0;
        int jdkRefusals = 0;
        for (int round = 0; round < 100; round++) {
            byte[] bad = stream.clone();
            bad[rng.nextInt(bad.length / 2)] ^= (byte) (1 + rng.nextInt(255));
            IsalInflater isal = new IsalInflater();
            JdkInflater jdk = new JdkInflater();
            isalRefusals += refused(isal, bad, data) ? 1 : 0; // else it gave other bytes (asserted there)
            jdkRefusals += refused(jdk, bad, data) ? 1 : 0;
            isal.end();
            jdk.end();
        }
        assertTrue(isalRefusals >= 5 && isalRefusals * 2 >= jdkRefusals,
                "damaged streams refused: ISA-L " + isalRefusals + ", zlib " + jdkRefusals + " of 100");
        byte[] notDeflate = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}; // block type 3
        IsalInflater isal = new IsalInflater();
        isal.setInput(notDeflate, 0, notDeflate.length);
        assertThrows(DataFormatException.class, () -> isal.inflate(new byte[64], 0, 64));
        isal.end();
    }

    /** True when inflating threw; fails if it gave back the original bytes from a damaged stream. */
    private static boolean refused(RawInflater inf, byte[] bad, byte[] original) {
        try {
            Result r = feed(inf, bad, new SplittableRandom(1), false);
            assertTrue(!Arrays.equals(original, r.out), "a damaged stream gave back the original");
            return false; // zlib: other bytes, for the caller's CRC-32 to refuse
        } catch (RawInflater.TrailerMismatch e) {
            return true;
        } catch (DataFormatException | IllegalStateException e) {
            return true;
        }
    }

    private static final class Result {
        byte[] out;
        int remaining;
    }

    /**
     * Inflates {@code stream} to its end as the readers do: input in random slices, of one array
     * (as {@link MemberInflater}) or ({@code fresh}) each in a new array (as {@link StreamInflater}
     * refilling its buffer); output into random slices of random arrays.
     */
    private static Result feed(RawInflater inf, byte[] stream, SplittableRandom rng, boolean fresh)
            throws DataFormatException {
        return feed(inf, stream, rng, fresh, new Result());
    }

    /** {@link #feed}, with {@code r.remaining} kept up to date even when inflating throws. */
    private static Result feed(RawInflater inf, byte[] stream, SplittableRandom rng, boolean fresh, Result r)
            throws DataFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        byte[] slice;
        int sliceEnd = 0; // where the input given so far ends in the stream
        int rounds = 0;
        while (!inf.finished()) {
            if (++rounds > 10_000_000) {
                throw new IllegalStateException("no progress");
            }
            if (inf.needsInput()) {
                if (pos == stream.length) {
                    throw new IllegalStateException("the stream is cut short");
                }
                int n = Math.min(stream.length - pos, 1 + rng.nextInt(rng.nextBoolean() ? 16 : 70_000));
                if (fresh) {
                    slice = new byte[n + 10];
                    System.arraycopy(stream, pos, slice, 5, n);
                    inf.setInput(slice, 5, n);
                } else {
                    inf.setInput(stream, pos, n);
                }
                sliceEnd = pos + n;
                pos += n;
            }
            byte[] buf = new byte[1 + rng.nextInt(rng.nextBoolean() ? 50 : 200_000)];
            int off = rng.nextInt(buf.length);
            try {
                int got = inf.inflate(buf, off, buf.length - off);
                out.write(buf, off, got);
            } finally {
                r.remaining = inf.getRemaining() + (stream.length - sliceEnd);
            }
        }
        r.out = out.toByteArray();
        return r;
    }

    private static byte[] sample(SplittableRandom rng, int n) {
        byte[] b = new byte[n];
        int kind = rng.nextInt(3);
        for (int i = 0; i < n; i++) {
            b[i] = switch (kind) {
                case 0 -> (byte) rng.nextInt(256); // incompressible: stored blocks
                case 1 -> (byte) (i % 97 < 40 ? i % 7 : rng.nextInt(4)); // long matches
                default -> (byte) ("entry pc cpu addr ".charAt(rng.nextInt(18))); // text-like
            };
        }
        return b;
    }

    private static byte[] deflate(byte[] data, int level, boolean huffmanOnly) {
        Deflater d = new Deflater(level, true);
        if (huffmanOnly) {
            d.setStrategy(Deflater.HUFFMAN_ONLY);
        }
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    private static byte[] trailer(byte[] data, int crcDamage, int sizeDamage) {
        CRC32 crc = new CRC32();
        crc.update(data);
        long c = crc.getValue() ^ crcDamage;
        long size = (data.length + sizeDamage) & 0xffffffffL;
        byte[] t = new byte[8];
        for (int i = 0; i < 4; i++) {
            t[i] = (byte) (c >>> (8 * i));
            t[4 + i] = (byte) (size >>> (8 * i));
        }
        return t;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
