package org.mtrace.format.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.record.EntryRecord;

/**
 * Writes entries back to back in the exact byte layout of FORMAT.md, raw or
 * gzip-compressed ({@link Compression}). Entries are never split across BGZF
 * members, so every complete member holds only complete entries.
 */
public final class LogWriter implements AutoCloseable {
    private static final int RAW_BUFFER = 1 << 16;

    private final OutputStream out;
    private final BgzfOutput bgzf; // null unless BGZF
    private final byte[] pending;
    private int pendingLength;
    private final byte[] encodeBuf = new byte[EntryType.MAX_ENTRY_SIZE];
    private long entries;
    private boolean closed;

    private LogWriter(OutputStream out, Compression compression, WriterOptions options) throws IOException {
        if (compression == Compression.GZIP) {
            this.out = new LeveledGzipStream(out, options.level());
        } else {
            this.out = out;
        }
        this.bgzf = compression == Compression.BGZF ? new BgzfOutput(out, options.level(), options.resolvedThreads())
                : null;
        this.pending = new byte[compression == Compression.BGZF ? options.memberPayload() : RAW_BUFFER];
    }

    /** Creates (or truncates) {@code path} and writes to it. */
    public static LogWriter create(Path path, Compression compression) throws IOException {
        return create(path, compression, WriterOptions.DEFAULT);
    }

    public static LogWriter create(Path path, Compression compression, WriterOptions options) throws IOException {
        return new LogWriter(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), compression, options);
    }

    /** Writes to a stream; closing the writer closes the stream. */
    public static LogWriter create(OutputStream out, Compression compression) throws IOException {
        return create(out, compression, WriterOptions.DEFAULT);
    }

    /** Writes to a stream with an explicit deflate level (1 fastest .. 9 smallest). */
    public static LogWriter create(OutputStream out, Compression compression, int level) throws IOException {
        return create(out, compression, WriterOptions.DEFAULT.withLevel(level));
    }

    public static LogWriter create(OutputStream out, Compression compression, WriterOptions options) throws IOException {
        return new LogWriter(out, compression, options);
    }

    /** Appends one entry. */
    public void write(EntryRecord record) throws IOException {
        record.encode(encodeBuf, 0);
        writeEncoded(encodeBuf, 0, record.size());
    }

    /** Appends the entry a reader's view shows, byte for byte as it was read. */
    public void write(Entry entry) throws IOException {
        writeEncoded(entry.buffer(), entry.position(), entry.size());
    }

    /** Appends one already encoded entry of {@code length} bytes. */
    public void writeEncoded(byte[] b, int off, int length) throws IOException {
        if (closed) {
            throw new IOException("log writer is closed");
        }
        if (length > pending.length) {
            throw new IllegalArgumentException(length + " bytes cannot go into one " + pending.length + "-byte member");
        }
        if (pendingLength + length > pending.length) {
            flushPending();
        }
        System.arraycopy(b, off, pending, pendingLength, length);
        pendingLength += length;
        entries++;
    }

    /** Number of entries written so far. */
    public long entriesWritten() {
        return entries;
    }

    private void flushPending() throws IOException {
        if (pendingLength == 0) {
            return;
        }
        if (bgzf != null) {
            bgzf.writeMember(pending, pendingLength);
        } else {
            out.write(pending, 0, pendingLength);
        }
        pendingLength = 0;
    }

    /** Writes what is buffered so that a reader sees every entry so far (BGZF: closes the current member). */
    public void flush() throws IOException {
        flushPending();
        if (bgzf != null) {
            bgzf.drain();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushPending();
            if (bgzf != null) {
                bgzf.finish();
            }
        } finally {
            if (bgzf != null) {
                bgzf.end();
            }
            out.close();
        }
    }

    /** {@link GZIPOutputStream} with a chosen deflate level. */
    private static final class LeveledGzipStream extends GZIPOutputStream {
        LeveledGzipStream(OutputStream out, int level) throws IOException {
            super(out, 1 << 16);
            def.setLevel(level);
        }
    }
}
