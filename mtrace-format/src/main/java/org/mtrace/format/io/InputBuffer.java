package org.mtrace.format.io;

import java.io.IOException;
import java.io.InputStream;

/** A refillable window over an input stream, for parsing gzip framing and feeding the inflater. */
final class InputBuffer {
    private final InputStream in;
    final byte[] buf;
    int pos;
    int limit;
    private long consumedBefore; // file bytes before buf[0]
    private boolean eof;

    InputBuffer(InputStream in, int capacity) {
        this.in = in;
        this.buf = new byte[capacity];
    }

    /** File offset of {@code buf[pos]}. */
    long position() {
        return consumedBefore + pos;
    }

    int available() {
        return limit - pos;
    }

    /**
     * Makes at least {@code n} bytes available at {@code pos} (n ≤ capacity),
     * returning false if the input ends first.
     */
    boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (n > buf.length) {
            throw new IllegalArgumentException("window of " + buf.length + " bytes cannot hold " + n);
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            consumedBefore += pos;
            limit -= pos;
            pos = 0;
        }
        while (limit < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit - pos >= n;
    }

    /** Reads more input if the window is empty; false at end of input. */
    boolean fill() throws IOException {
        return ensure(1);
    }

    int u8() {
        return buf[pos++] & 0xff;
    }

    int u16() {
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    long u32() {
        long v = (buf[pos] & 0xffL) | (buf[pos + 1] & 0xffL) << 8 | (buf[pos + 2] & 0xffL) << 16 | (buf[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    void close() throws IOException {
        in.close();
    }
}
