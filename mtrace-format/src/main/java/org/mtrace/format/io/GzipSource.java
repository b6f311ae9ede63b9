package org.mtrace.format.io;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * gzip members decoded one after another (like zlib's gzread), on a
 * background thread so inflation overlaps with decoding entries. Checks each
 * member's CRC-32 and length; stops quietly at trailing bytes that do not
 * start another member; reports a truncated or corrupt member after handing
 * out every byte decoded before the fault.
 */
final class GzipSource implements ChunkSource {
    private static final int CHUNK = 1 << 20;
    private static final int QUEUED = 4;
    private static final Chunk END = new Chunk(0);

    private final InputBuffer in;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(QUEUED + 2);
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(QUEUED + 2);
    private final Thread worker;
    private volatile IOException failure;
    private volatile long inputPosition;
    private boolean ended;
    private Chunk out; // chunk being filled by the worker

    GzipSource(InputBuffer in, String name) {
        this.in = in;
        for (int i = 0; i < QUEUED; i++) {
            free.add(new Chunk(CHUNK));
        }
        worker = new Thread(this::inflateAll, "gunzip " + name);
        worker.setDaemon(true);
        worker.start();
    }

    private void inflateAll() {
        Inflater inflater = new Inflater(true);
        CRC32 crc = new CRC32();
        try {
            out = free.take();
            out.length = 0;
            do {
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
                    }
                    int n = inflater.inflate(out.data, out.length, out.data.length - out.length);
                    if (n == 0 && inflater.needsDictionary()) {
                        throw new ContainerException(Problem.CORRUPT_GZIP, "gzip member needs a preset dictionary");
                    }
                    crc.update(out.data, out.length, n);
                    out.length += n;
                    memberBytes += n;
                    if (out.length == out.data.length) {
                        publish(out);
                        out = free.take();
                        out.length = 0;
                    }
                }
                in.pos = in.limit - inflater.getRemaining();
                inputPosition = in.position();
                if (!in.ensure(8)) {
                    throw new ContainerException(Problem.TRUNCATED_GZIP, "gzip trailer truncated at file offset " + in.position());
                }
                long storedCrc = in.u32();
                long storedSize = in.u32();
                if (storedCrc != crc.getValue() || storedSize != (memberBytes & 0xffffffffL)) {
                    throw new ContainerException(Problem.CORRUPT_GZIP,
                            "gzip member ending at file offset " + in.position() + " fails its CRC-32/length check");
                }
                inputPosition = in.position();
            } while (GzipHeader.atMember(in));
            finish();
        } catch (DataFormatException e) {
            fail(new ContainerException(Problem.CORRUPT_GZIP, "corrupt deflate data near file offset " + in.position()
                    + " (" + e.getMessage() + ")", e));
        } catch (ContainerException e) {
            fail(e);
        } catch (IOException e) {
            fail(new ContainerException(Problem.IO_ERROR, e.getMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inflater.end();
        }
    }

    private void publish(Chunk c) throws InterruptedException {
        full.put(c);
    }

    /** Hands out the partly filled chunk, then the end marker. */
    private void finish() throws InterruptedException {
        if (out != null && out.length > 0) {
            publish(out);
        }
        out = null;
        full.put(END);
    }

    private void fail(IOException e) {
        // Every byte decoded before the fault is delivered first, so the reader
        // can hand out all complete entries before reporting the fault.
        failure = e;
        try {
            finish();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Chunk next() throws IOException {
        if (ended) {
            return null;
        }
        Chunk c;
        try {
            c = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (c == END) {
            ended = true;
            if (failure != null) {
                throw failure;
            }
            return null;
        }
        return c;
    }

    @Override
    public void release(Chunk chunk) {
        free.offer(chunk);
    }

    @Override
    public long inputPosition() {
        return inputPosition;
    }

    @Override
    public Container container() {
        return Container.GZIP;
    }

    @Override
    public void close() throws IOException {
        worker.interrupt();
        in.close();
    }
}
