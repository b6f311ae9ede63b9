package org.mtrace.format.io;

import java.io.IOException;
import java.io.InputStream;

/** The entry stream stored as is: hands out the file in large blocks. */
final class RawSource implements ChunkSource {
    private static final int CHUNK = 1 << 20;
    private final InputStream in;
    private Chunk spare = new Chunk(CHUNK);
    private long position;

    RawSource(InputStream in) {
        this.in = in;
    }

    @Override
    public Chunk next() throws IOException {
        Chunk c = spare != null ? spare : new Chunk(CHUNK);
        spare = null;
        int n = 0;
        while (n < c.data.length) {
            int r = in.read(c.data, n, c.data.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        position += n;
        if (n == 0) {
            spare = c;
            return null;
        }
        c.length = n;
        return c;
    }

    @Override
    public void release(Chunk chunk) {
        spare = chunk;
    }

    @Override
    public long inputPosition() {
        return position;
    }

    @Override
    public Container container() {
        return Container.RAW;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
