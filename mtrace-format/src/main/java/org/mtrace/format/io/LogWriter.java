package org.mtrace.format.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
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
    /** Entry bytes per BGZF member; small enough that the compressed member fits the 16-bit size field. */
    static final int MEMBER_PAYLOAD = 0xff00;
    private static final byte[] BGZF_EOF = {
        0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 0xff, 6, 0, 'B', 'C', 2, 0, 0x1b, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0
    };

    private final OutputStream out;
    private final Compression compression;
    private final byte[] pending;
    private int pendingLength;
    private final byte[] encodeBuf = new byte[EntryType.MAX_ENTRY_SIZE];
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private byte[] member;
    private long entries;
    private boolean closed;

    private LogWriter(OutputStream out, Compression compression, int level) throws IOException {
        this.compression = compression;
        this.out = compression == Compression.GZIP ? new GZIPOutputStream(out, 1 << 16) : out;
        this.pending = new byte[compression == Compression.BGZF ? MEMBER_PAYLOAD : 1 << 16];
        this.deflater = compression == Compression.BGZF ? new Deflater(level, true) : null;
        this.member = compression == Compression.BGZF ? new byte[1 << 17] : null;
    }

    /** Creates (or truncates) {@code path} and writes to it. */
    public static LogWriter create(Path path, Compression compression) throws IOException {
        return new LogWriter(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), compression,
                Deflater.DEFAULT_COMPRESSION);
    }

    /** Writes to a stream; closing the writer closes the stream. */
    public static LogWriter create(OutputStream out, Compression compression) throws IOException {
        return new LogWriter(out, compression, Deflater.DEFAULT_COMPRESSION);
    }

    /** Writes to a stream with an explicit deflate level (1 fastest .. 9 smallest). */
    public static LogWriter create(OutputStream out, Compression compression, int level) throws IOException {
        return new LogWriter(out, compression, level);
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
        if (compression == Compression.BGZF) {
            int n = compressMember(pending, pendingLength);
            out.write(member, 0, n);
        } else {
            out.write(pending, 0, pendingLength);
        }
        pendingLength = 0;
    }

    /** Compresses {@code data} into one BGZF member in {@link #member}; returns its size. */
    private int compressMember(byte[] data, int length) {
        deflater.reset();
        deflater.setInput(data, 0, length);
        deflater.finish();
        int header = 18;
        int n = header;
        while (!deflater.finished()) {
            if (n == member.length) {
                member = java.util.Arrays.copyOf(member, member.length * 2);
            }
            n += deflater.deflate(member, n, member.length - n);
        }
        crc.reset();
        crc.update(data, 0, length);
        int total = n + 8;
        if (total > member.length) {
            member = java.util.Arrays.copyOf(member, total);
        }
        byte[] m = member;
        m[0] = 0x1f;
        m[1] = (byte) 0x8b;
        m[2] = 8;
        m[3] = 4; // FEXTRA
        m[4] = m[5] = m[6] = m[7] = 0; // mtime
        m[8] = 0;
        m[9] = (byte) 0xff; // OS unknown
        m[10] = 6;
        m[11] = 0; // XLEN
        m[12] = 'B';
        m[13] = 'C';
        m[14] = 2;
        m[15] = 0;
        m[16] = (byte) (total - 1);
        m[17] = (byte) ((total - 1) >>> 8);
        putInt(m, n, (int) crc.getValue());
        putInt(m, n + 4, length);
        return total;
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /** Writes what is buffered so that a reader sees every entry so far (BGZF: closes the current member). */
    public void flush() throws IOException {
        flushPending();
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
            if (compression == Compression.BGZF) {
                out.write(BGZF_EOF);
            }
        } finally {
            if (deflater != null) {
                deflater.end();
            }
            out.close();
        }
    }
}
