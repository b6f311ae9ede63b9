package org.mtrace.bench.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.mtrace.format.Bytes;
import org.mtrace.format.EntryType;
import org.mtrace.format.MachineView;

/**
 * The hostile inputs of the campaign, made from a valid log: cuts and byte flips of the file as
 * stored (compressed or raw), and forged fields or unknown types in the entry stream, which is
 * then stored raw or as one gzip member. Deterministic for a given random source.
 */
final class Mutator {
    /** One hostile input and how it was made (for the report). */
    record Mutant(String how, byte[] bytes) {
    }

    private Mutator() {
    }

    /**
     * @param stored the log file as written (raw, gzip or BGZF)
     * @param raw the same log's decompressed entry stream
     */
    static Mutant mutate(byte[] stored, byte[] raw, SplittableRandom rnd) throws IOException {
        return switch (rnd.nextInt(8)) {
            case 0 -> cut(stored, rnd);
            case 1, 2 -> flip(stored, rnd);
            case 3 -> forgeField(raw, rnd);
            case 4 -> unknownType(raw, rnd);
            case 5 -> forgeSize(raw, rnd);
            case 6 -> forgeMachine(raw, rnd);
            default -> forgeCpu(raw, rnd);
        };
    }

    private static Mutant cut(byte[] stored, SplittableRandom rnd) {
        int at = rnd.nextInt(stored.length + 1);
        return new Mutant("cut at " + at, Arrays.copyOf(stored, at));
    }

    private static Mutant flip(byte[] stored, SplittableRandom rnd) {
        byte[] b = stored.clone();
        int n = 1 + rnd.nextInt(3);
        StringBuilder how = new StringBuilder("flipped");
        for (int i = 0; i < n; i++) {
            int at = rnd.nextInt(b.length);
            int mask = 1 + rnd.nextInt(255);
            b[at] ^= (byte) mask;
            how.append(" byte ").append(at).append(" ^0x").append(Integer.toHexString(mask));
        }
        return new Mutant(how.toString(), b);
    }

    private static Mutant forgeField(byte[] raw, SplittableRandom rnd) throws IOException {
        byte[] b = raw.clone();
        int start = entryStart(b, rnd);
        int size = Bytes.u16(b, start + 4);
        int at = start + 8 + rnd.nextInt(Math.max(1, size - 8));
        int len = Math.min(1 + rnd.nextInt(8), start + size - at);
        byte fill = rnd.nextBoolean() ? (byte) 0xff : (byte) rnd.nextInt(256);
        Arrays.fill(b, at, at + len, fill);
        return stream("entry at " + start + ": " + len + " bytes at " + at + " set to " + (fill & 0xff), b, rnd);
    }

    private static Mutant unknownType(byte[] raw, SplittableRandom rnd) throws IOException {
        byte[] b = raw.clone();
        int start = entryStart(b, rnd);
        long[] codes = {0, EntryType.CODE_LIMIT, EntryType.CODE_LIMIT + rnd.nextInt(1000), 0xffffffffL, 99};
        long code = codes[rnd.nextInt(codes.length)];
        Bytes.put32(b, start, code);
        return stream("entry at " + start + ": type " + code, b, rnd);
    }

    private static Mutant forgeSize(byte[] raw, SplittableRandom rnd) throws IOException {
        byte[] b = raw.clone();
        int start = entryStart(b, rnd);
        int size = rnd.nextBoolean() ? rnd.nextInt(1 << 16) : EntryType.HEADER_SIZE + rnd.nextInt(EntryType.MAX_ENTRY_SIZE);
        Bytes.put16(b, start + 4, size);
        return stream("entry at " + start + ": size " + size, b, rnd);
    }

    /** num_cpus of a machine entry (or of any entry, read as one) set to a large count. */
    private static Mutant forgeMachine(byte[] raw, SplittableRandom rnd) throws IOException {
        byte[] b = raw.clone();
        int start = -1;
        for (int p = 0; p + EntryType.HEADER_SIZE <= b.length; p += Math.max(EntryType.HEADER_SIZE, Bytes.u16(b, p + 4))) {
            if (Bytes.u32(b, p) == EntryType.MACHINE.code()) {
                start = p;
                break;
            }
        }
        if (start < 0) {
            return forgeField(raw, rnd);
        }
        int cpus = rnd.nextBoolean() ? 65535 : 256 + rnd.nextInt(65280);
        Bytes.put16(b, start + MachineView.NUM_CPUS, cpus);
        return stream("machine entry at " + start + ": num_cpus " + cpus, b, rnd);
    }

    private static Mutant forgeCpu(byte[] raw, SplittableRandom rnd) throws IOException {
        byte[] b = raw.clone();
        int start = entryStart(b, rnd);
        int cpu = rnd.nextBoolean() ? 65535 : rnd.nextInt(1 << 16);
        Bytes.put16(b, start + 6, cpu);
        return stream("entry at " + start + ": cpu " + cpu, b, rnd);
    }

    /** The start of a random entry of the (still valid) stream. */
    private static int entryStart(byte[] raw, SplittableRandom rnd) {
        int count = 0;
        for (int p = 0; p + EntryType.HEADER_SIZE <= raw.length; p += Bytes.u16(raw, p + 4)) {
            count++;
        }
        int pick = rnd.nextInt(count);
        int p = 0;
        for (int i = 0; i < pick; i++) {
            p += Bytes.u16(raw, p + 4);
        }
        return p;
    }

    /** Stores a mutated entry stream raw or as one gzip member. */
    private static Mutant stream(String how, byte[] raw, SplittableRandom rnd) throws IOException {
        if (rnd.nextBoolean()) {
            return new Mutant(how + ", raw", raw);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return new Mutant(how + ", gzip", out.toByteArray());
    }
}
