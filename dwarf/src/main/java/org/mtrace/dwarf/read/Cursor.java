package org.mtrace.dwarf.read;

import java.nio.ByteBuffer;

/**
 * A read position in a little-endian section buffer. Reads use absolute indexes, so any number of cursors
 * may share one buffer across threads. One cursor is reused for a whole walk; nothing is allocated per read.
 */
public final class Cursor {
    public ByteBuffer buf;
    public int pos;

    public Cursor(ByteBuffer buf, int pos) { this.buf = buf; this.pos = pos; }

    public Cursor at(int p) { pos = p; return this; }

    public int u8() { return buf.get(pos++) & 0xff; }
    public int u16() { int v = buf.getShort(pos) & 0xffff; pos += 2; return v; }
    public int u24() { int v = u16(); return v | (u8() << 16); }
    public long u32() { long v = buf.getInt(pos) & 0xffffffffL; pos += 4; return v; }
    public long u64() { long v = buf.getLong(pos); pos += 8; return v; }

    /** An unsigned value of 1, 2, 4 or 8 bytes (address or offset size). */
    public long unsigned(int size) {
        switch (size) {
            case 1: return u8();
            case 2: return u16();
            case 4: return u32();
            case 8: return u64();
            default: throw new IllegalArgumentException("unsupported size " + size);
        }
    }

    public long uleb() {
        byte b = buf.get(pos++);
        if (b >= 0) return b;
        long result = b & 0x7f;
        int shift = 7;
        while (true) {
            b = buf.get(pos++);
            if (shift < 64) result |= (long) (b & 0x7f) << shift;
            if (b >= 0) return result;
            shift += 7;
        }
    }

    public long sleb() {
        long result = 0;
        int shift = 0;
        byte b;
        do {
            b = buf.get(pos++);
            if (shift < 64) result |= (long) (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        if (shift < 64 && (b & 0x40) != 0) result |= -1L << shift;
        return result;
    }

    public void skipUleb() {
        while (buf.get(pos++) < 0) { /* continuation bit set */ }
    }

    /** Skips a NUL-terminated string. */
    public void skipCString() {
        while (buf.get(pos++) != 0) { /* scan */ }
    }

    /** Reads a NUL-terminated string (UTF-8) and advances past it. */
    public String cstring() {
        int start = pos;
        skipCString();
        return Strings.utf8(buf, start, pos - 1 - start);
    }

    public boolean hasMore(int end) { return pos < end; }
}
