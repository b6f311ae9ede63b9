package org.mtrace.dwarf.read;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Decoding of NUL-terminated strings stored in section buffers. */
public final class Strings {
    private Strings() {}

    public static String utf8(ByteBuffer buf, int start, int len) {
        byte[] bytes = new byte[len];
        buf.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The NUL-terminated string starting at {@code start}. */
    public static String cstringAt(ByteBuffer buf, int start) {
        int end = start;
        int limit = buf.limit();
        while (end < limit && buf.get(end) != 0) end++;
        return utf8(buf, start, end - start);
    }

    /** The part of a path after the last '/', as addr2line -s prints it. */
    public static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
