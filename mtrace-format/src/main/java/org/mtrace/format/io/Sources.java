package org.mtrace.format.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/** Chooses the {@link ChunkSource} for a stream from its first two bytes (FORMAT.md §1.2). */
final class Sources {
    private static final int INPUT_BUFFER = 1 << 18;

    private Sources() {
    }

    static ChunkSource detect(InputStream raw, String name, ReaderOptions options) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 2);
        byte[] magic = new byte[2];
        int n = 0;
        while (n < 2) {
            int r = in.read(magic, n, 2 - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        in.unread(magic, 0, n);
        boolean gzip = n == 2 && (magic[0] & 0xff) == GzipHeader.ID1 && (magic[1] & 0xff) == GzipHeader.ID2;
        if (!gzip) {
            return new RawSource(in);
        }
        return new GzipSource(new InputBuffer(in, INPUT_BUFFER), name);
    }
}
