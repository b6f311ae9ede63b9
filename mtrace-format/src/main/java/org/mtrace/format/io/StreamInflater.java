package org.mtrace.format.io;

import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;

/**
 * Inflates gzip members one after another straight from the input, like
 * zlib's gzread: any member layout, CRC-32 and length checked (by ISA-L itself
 * when it inflates, see {@link RawInflater#forGzipMember}), trailing bytes that
 * do not start another member ignored.
 *
 * <p>Verification before output: a member's bytes are held back in the
 * block until its trailer (CRC-32 and ISIZE) has been checked, so a corrupt
 * member hands out nothing. Only a member whose data alone is larger than a
 * block (typically a single-member gzip log) has to be handed out before its
 * trailer is reached; if it then fails, the message says that entries before
 * the error may be affected and where the last verified data ends. A member
 * cut short by the end of the file has no trailer to check: what it decoded
 * is handed out, then {@link Problem#TRUNCATED_GZIP}.
 */
final class StreamInflater {
    private final InputBuffer in;
    private final RawInflater inflater = RawInflater.forGzipMember();
    private final CRC32 crc = new CRC32();
    private volatile long inputPosition;
    private PipelinedSource pipeline;
    /** The block being filled; a field so that a fault can hand out exactly this block's bytes. */
    private Block out;
    /** Where the current member's bytes start in {@link #out}: everything before is verified. */
    private int memberStart;
    /** Decompressed stream offset of {@code out}'s first byte. */
    private long blockBase;
    /** Bytes of the current member already handed out before its trailer could be checked. */
    private long unverifiedOut;
    /** Decompressed stream offset and file offset where the last verified member ends. */
    private long verifiedEnd;
    private long verifiedFileEnd;

    StreamInflater(InputBuffer in) {
        this.in = in;
    }

    long inputPosition() {
        return inputPosition;
    }

    /**
     * Decodes every member from the input's current position (which must start a member) to the
     * end; {@code streamOffset} decompressed bytes, all verified, come before it.
     */
    void inflateRest(PipelinedSource pipeline, long streamOffset) throws IOException, InterruptedException {
        this.pipeline = pipeline;
        out = pipeline.claim();
        blockBase = streamOffset;
        verifiedEnd = streamOffset;
        verifiedFileEnd = in.position();
        try {
            do {
                inflateMember();
            } while (GzipHeader.atMember(in));
        } catch (DataFormatException e) {
            throw dropMember(new ContainerException(Problem.CORRUPT_GZIP, "corrupt deflate data near file offset "
                    + in.position() + " (" + e.getMessage() + ")" + unverifiedNote(), e));
        } catch (ContainerException e) {
            if (e.problem() == Problem.CORRUPT_GZIP) {
                throw dropMember(e);
            }
            pipeline.publishFilled(out); // truncated: nothing to verify against, so the bytes decoded come first
            throw e;
        } catch (IOException e) {
            pipeline.publishFilled(out); // the bytes decoded before the fault come first
            throw e;
        } finally {
            inflater.end();
        }
        pipeline.publishFilled(out);
    }

    /** Hands out only the verified bytes of the block, then the fault. */
    private ContainerException dropMember(ContainerException fault) throws InterruptedException {
        out.out.length = memberStart;
        pipeline.publishFilled(out);
        return fault;
    }

    /** For a fault in a member: whether any of it was handed out before the check. */
    private String unverifiedNote() {
        if (unverifiedOut == 0) {
            return "; none of this member's data was handed out";
        }
        return "; " + unverifiedOut + " bytes of this member were handed out before they could be verified, so "
                + "entries before this error may be wrong: the last verified data ends at byte offset " + verifiedEnd
                + " of the log (file offset " + verifiedFileEnd + ")";
    }

    /** Inflates one member into {@link #out}, publishing blocks as they fill up. */
    private void inflateMember() throws IOException, InterruptedException, DataFormatException {
        GzipHeader.parse(in);
        inflater.reset();
        crc.reset();
        boolean inflaterChecks = inflater.verifiesGzipTrailer();
        boolean trailerFails = false;
        long memberBytes = 0;
        try {
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (!in.fill()) {
                        int held = inflater.trailerBytesHeld(); // the inflater was reading the trailer
                        if (held >= 0) {
                            throw truncatedTrailer(in.position() - held);
                        }
                        throw new ContainerException(Problem.TRUNCATED_GZIP,
                                "gzip member truncated at file offset " + in.position());
                    }
                    inflater.setInput(in.buf, in.pos, in.available());
                    in.pos = in.limit;
                    inputPosition = in.position();
                }
                Chunk c = out.out;
                int n = inflater.inflate(c.data, c.length, c.data.length - c.length);
                if (n == 0 && inflater.needsDictionary()) {
                    throw new ContainerException(Problem.CORRUPT_GZIP, "gzip member needs a preset dictionary");
                }
                if (!inflaterChecks) {
                    crc.update(c.data, c.length, n);
                }
                c.length += n;
                memberBytes += n;
                if (out.spaceLeft() == 0) {
                    nextBlock();
                }
            }
        } catch (RawInflater.TrailerMismatch e) {
            trailerFails = true; // the inflater consumed the trailer it checked
        }
        in.pos = in.limit - inflater.getRemaining();
        if (!inflaterChecks) { // the trailer is ours to check
            if (!in.ensure(8)) {
                throw truncatedTrailer(in.position());
            }
            long storedCrc = in.u32();
            long storedSize = in.u32();
            trailerFails = storedCrc != crc.getValue() || storedSize != (memberBytes & 0xffffffffL);
        }
        inputPosition = in.position();
        if (trailerFails) {
            throw new ContainerException(Problem.CORRUPT_GZIP, "gzip member ending at file offset " + in.position()
                    + " fails its CRC-32/length check" + unverifiedNote());
        }
        memberStart = out.out.length;
        verifiedEnd = blockBase + memberStart;
        verifiedFileEnd = in.position();
        unverifiedOut = 0;
    }

    private static ContainerException truncatedTrailer(long fileOffset) {
        return new ContainerException(Problem.TRUNCATED_GZIP, "gzip trailer truncated at file offset " + fileOffset);
    }

    /**
     * The block is full: publishes its verified part and carries the current member's bytes over
     * into a new block; only a member that fills a whole block by itself goes out unverified.
     */
    private void nextBlock() throws InterruptedException {
        Chunk c = out.out;
        if (memberStart == 0) {
            unverifiedOut += c.length;
            blockBase += c.length;
            pipeline.publishFilled(out);
            out = pipeline.claim();
            return;
        }
        Block next = pipeline.claim();
        int tail = c.length - memberStart;
        System.arraycopy(c.data, memberStart, next.out.data, 0, tail);
        next.out.length = tail;
        c.length = memberStart;
        blockBase += memberStart;
        pipeline.publishFilled(out);
        out = next;
        memberStart = 0;
    }
}
