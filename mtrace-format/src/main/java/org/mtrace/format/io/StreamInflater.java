package org.mtrace.format.io;

import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates gzip members one after another straight from the input, like
 * zlib's gzread: any member layout, CRC-32 and length checked, trailing
 * bytes that do not start another member ignored. Bytes decoded before a
 * fault are published before the fault is thrown.
 */
final class StreamInflater {
    private final InputBuffer in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private volatile long inputPosition;
    private PipelinedSource pipeline;
    /** The block being filled; a field so that a fault can hand out exactly this block's bytes. */
    private Block out;

    StreamInflater(InputBuffer in) {
        this.in = in;
    }

    long inputPosition() {
        return inputPosition;
    }

    /** Decodes every member from the input's current position (which must start a member) to the end. */
    void inflateRest(PipelinedSource pipeline) throws IOException, InterruptedException {
        this.pipeline = pipeline;
        out = pipeline.claim();
        try {
            do {
                inflateMember();
            } while (GzipHeader.atMember(in));
        } catch (DataFormatException e) {
            pipeline.publishFilled(out);
            throw new ContainerException(Problem.CORRUPT_GZIP, "corrupt deflate data near file offset "
                    + in.position() + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            pipeline.publishFilled(out); // the bytes decoded before the fault come first
            throw e;
        } finally {
            inflater.end();
        }
        pipeline.publishFilled(out);
    }

    /** Inflates one member into {@link #out}, publishing each block as it fills up. */
    private void inflateMember() throws IOException, InterruptedException, DataFormatException {
        GzipHeader.parse(in);
        inflater.reset();
        crc.reset();
        long memberBytes = 0;
        while (!inflater.finished()) {
            if (inflater.needsInput()) {
                if (!in.fill()) {
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
            crc.update(c.data, c.length, n);
            c.length += n;
            memberBytes += n;
            if (out.spaceLeft() == 0) {
                pipeline.publishFilled(out);
                out = pipeline.claim();
            }
        }
        in.pos = in.limit - inflater.getRemaining();
        if (!in.ensure(8)) {
            throw new ContainerException(Problem.TRUNCATED_GZIP, "gzip trailer truncated at file offset " + in.position());
        }
        long storedCrc = in.u32();
        long storedSize = in.u32();
        inputPosition = in.position();
        if (storedCrc != crc.getValue() || storedSize != (memberBytes & 0xffffffffL)) {
            throw new ContainerException(Problem.CORRUPT_GZIP,
                    "gzip member ending at file offset " + in.position() + " fails its CRC-32/length check");
        }
    }
}
