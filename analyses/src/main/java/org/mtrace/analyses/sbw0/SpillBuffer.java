package org.mtrace.analyses.sbw0;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only sequence of fixed-size binary records that stays in memory while small and
 * moves to a temporary file once it exceeds {@code memoryLimit} bytes, so a per-access dump of a
 * log with hundreds of millions of entries keeps a bounded heap. Records are written into a
 * reusable block (no allocation per record) and replayed in order.
 */
final class SpillBuffer implements AutoCloseable {
    private static final int BLOCK = 1 << 20;

    /** Receives one record at {@code buf[off .. off + recordSize)}. */
    interface RecordVisitor {
        void record(byte[] buf, int off);
    }

    private final int recordSize;
    private final long memoryLimit;
    private final List<byte[]> full = new ArrayList<>();
    private byte[] block;
    private int used;
    private long count;
    private Path file;
    private FileChannel channel;

    SpillBuffer(int recordSize, long memoryLimit) {
        this.recordSize = recordSize;
        this.memoryLimit = memoryLimit;
        this.block = new byte[BLOCK - BLOCK % recordSize];
    }

    /** Space for the next record: write it at {@code block()[offset]} right after this call. */
    int append() {
        if (used == block.length) {
            retireBlock();
        }
        int off = used;
        used += recordSize;
        count++;
        return off;
    }

    byte[] block() {
        return block;
    }

    long count() {
        return count;
    }

    private void retireBlock() {
        try {
            if (channel == null && (long) (full.size() + 1) * block.length > memoryLimit) {
                file = Files.createTempFile("mscan-sbw0-", ".bin");
                file.toFile().deleteOnExit();
                channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
                for (byte[] b : full) {
                    write(b, b.length);
                }
                full.clear();
            }
            if (channel != null) {
                write(block, used);
            } else {
                full.add(block);
                block = new byte[block.length];
            }
            used = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("sbw0: cannot spill to a temporary file", e);
        }
    }

    private void write(byte[] b, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, 0, len);
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
    }

    /** Visits every record in append order. */
    void replay(RecordVisitor visitor) {
        try {
            if (channel != null) {
                byte[] buf = new byte[block.length];
                long pos = 0;
                long size = channel.size();
                while (pos < size) {
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, size - pos));
                    while (bb.hasRemaining()) {
                        if (channel.read(bb, pos + bb.position()) < 0) {
                            throw new IOException("temporary file shrank");
                        }
                    }
                    visitAll(buf, bb.limit(), visitor);
                    pos += bb.limit();
                }
            } else {
                for (byte[] b : full) {
                    visitAll(b, b.length, visitor);
                }
            }
            visitAll(block, used, visitor);
        } catch (IOException e) {
            throw new UncheckedIOException("sbw0: cannot read back the temporary file", e);
        }
    }

    private void visitAll(byte[] b, int len, RecordVisitor visitor) {
        for (int off = 0; off < len; off += recordSize) {
            visitor.record(b, off);
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
                Files.deleteIfExists(file);
                channel = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
