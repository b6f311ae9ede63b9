package org.mtrace.mscan.util;

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
 * moves to a temporary file once it exceeds {@code memoryLimit} bytes, so that what grows with a
 * log of hundreds of millions of entries keeps a bounded heap (sbw0's per-access dump, the
 * report's call stacks past their table's bound). Records are written into a reusable block (no
 * allocation per record) and replayed in order. A fault writing the file is thrown by
 * {@link #append} as an {@link UncheckedIOException}, before the record is taken: the records
 * appended before it are kept.
 */
public final class SpillBuffer implements AutoCloseable {
    private static final int BLOCK = 1 << 20;

    /** Receives one record at {@code buf[off .. off + recordSize)}. */
    public interface RecordVisitor {
        void record(byte[] buf, int off);
    }

    private final int recordSize;
    private final long memoryLimit;
    private final List<byte[]> full = new ArrayList<>();
    /** Bytes a block holds: whole records. */
    private final int blockBytes;
    /** The block being filled; empty until the first record (most sequences of the report's stay empty). */
    private byte[] block = new byte[0];
    private int used;
    private long count;
    private Path file;
    private FileChannel channel;
    /** Bytes of whole blocks in the file (a block whose writing failed is not among them). */
    private long fileBytes;

    public SpillBuffer(int recordSize, long memoryLimit) {
        this.recordSize = recordSize;
        this.memoryLimit = memoryLimit;
        this.blockBytes = BLOCK - BLOCK % recordSize;
    }

    /** Space for the next record: write it at {@code block()[offset]} right after this call. */
    public int append() {
        if (block.length == 0) {
            block = new byte[blockBytes];
        } else if (used == block.length) {
            retireBlock();
        }
        int off = used;
        used += recordSize;
        count++;
        return off;
    }

    public byte[] block() {
        return block;
    }

    public long count() {
        return count;
    }

    private void retireBlock() {
        try {
            if (channel == null && (long) (full.size() + 1) * block.length > memoryLimit) {
                openFile();
            }
            if (channel != null) {
                write(block, used);
            } else {
                full.add(block);
                block = new byte[block.length];
            }
            used = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill to a temporary file", e);
        }
    }

    /** Makes the file and moves the blocks held in memory into it; on a fault, they stay in memory. */
    private void openFile() throws IOException {
        file = Files.createTempFile("mscan-spill-", ".bin");
        file.toFile().deleteOnExit();
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            for (byte[] b : full) {
                write(b, b.length);
            }
        } catch (IOException e) {
            dropFile();
            throw e;
        }
        full.clear();
    }

    /** Writes a block at the end of what the file holds; a block written in part is not counted. */
    private void write(byte[] b, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, 0, len);
        while (bb.hasRemaining()) {
            channel.write(bb, fileBytes + bb.position());
        }
        fileBytes += len;
    }

    /** Visits every record in append order. */
    public void replay(RecordVisitor visitor) {
        try {
            if (channel != null) {
                byte[] buf = new byte[blockBytes];
                long pos = 0;
                long size = fileBytes;
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
            throw new UncheckedIOException("cannot read back the temporary file", e);
        }
    }

    private void visitAll(byte[] b, int len, RecordVisitor visitor) {
        for (int off = 0; off < len; off += recordSize) {
            visitor.record(b, off);
        }
    }

    /** Deletes the file, if any, and lets the blocks in memory go: the records are gone ({@link #count} stays). */
    @Override
    public void close() {
        full.clear();
        block = new byte[0];
        used = 0;
        dropFile();
    }

    /** Closes and deletes the file, if any (its records are gone). */
    private void dropFile() {
        try {
            if (channel != null) {
                channel.close();
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            channel = null;
            fileBytes = 0;
        }
    }
}
