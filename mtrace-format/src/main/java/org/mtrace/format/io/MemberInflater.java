package org.mtrace.format.io;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import org.mtrace.format.Bytes;

/**
 * Inflates the packed BGZF members of a {@link Block} into its output chunk
 * and verifies each against its trailer. One per worker thread. The output of
 * a member that fails is dropped: its bytes are known to be wrong, so only
 * the members before it are delivered, then {@link Problem#CORRUPT_GZIP}.
 */
final class MemberInflater implements WorkerPool.Worker<Block> {
    private final RawInflater inflater = RawInflater.forGzipMember();
    private final CRC32 crc = new CRC32();
    private final byte[] probe = new byte[1];

    /** Fills the block unless another thread already took it (see {@link Pending#tryStart()}). */
    @Override
    public void process(Block block) {
        if (!block.tryStart()) {
            return;
        }
        try {
            inflate(block);
        } catch (RuntimeException | Error e) { // a bug or an exhausted heap: the reader reports it, no member goes missing
            block.failInternally(e);
        } finally {
            block.markReady();
        }
    }

    void inflate(Block block) {
        PackedMembers m = block.members;
        Chunk out = block.out;
        out.length = 0;
        for (int i = 0; i < m.count; i++) {
            String problem = inflateMember(m, i, out);
            if (problem != null) {
                block.failure = new ContainerException(Problem.CORRUPT_GZIP,
                        "gzip member at file offset " + m.fileOffset[i] + ": " + problem);
                return;
            }
        }
    }

    /** Appends member {@code i}'s bytes to {@code out}; returns what is wrong with it, or null. */
    private String inflateMember(PackedMembers m, int i, Chunk out) {
        byte[] b = m.bytes;
        int start = m.start[i];
        int dataStart = start + GzipHeader.bgzfHeaderLength(b, start);
        int trailer = start + m.size[i] - 8;
        int expected = m.inflatedSize[i];
        boolean inflaterChecks = inflater.verifiesGzipTrailer(); // then the trailer is its input too
        inflater.reset();
        inflater.setInput(b, dataStart, trailer + (inflaterChecks ? 8 : 0) - dataStart);
        int n = 0;
        try {
            while (!inflater.finished() && n < expected) {
                int r = inflater.inflate(out.data, out.length + n, expected - n);
                if (r == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return "deflate data ends before the member does";
                }
                n += r;
            }
            if (!inflater.finished() && inflater.inflate(probe, 0, 1) > 0) {
                return "inflates to more than its recorded length " + expected;
            }
        } catch (RawInflater.TrailerMismatch e) {
            return "fails its CRC-32 check";
        } catch (DataFormatException e) {
            return "corrupt deflate data (" + e.getMessage() + ")";
        }
        if (!inflater.finished()) {
            return "deflate data ends before the member does";
        }
        if (inflater.getRemaining() != 0) {
            return "deflate data ends before the size in its BGZF field";
        }
        if (n != expected) {
            return "inflates to " + n + " bytes, trailer says " + expected;
        }
        if (!inflaterChecks) {
            crc.reset();
            crc.update(out.data, out.length, n);
            if ((int) crc.getValue() != Bytes.i32(b, trailer)) {
                return "fails its CRC-32 check";
            }
        }
        out.length += n;
        return null;
    }

    @Override
    public void end() {
        inflater.end();
    }
}
