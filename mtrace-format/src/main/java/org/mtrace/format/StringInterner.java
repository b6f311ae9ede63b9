package org.mtrace.format;

import java.nio.charset.StandardCharsets;

/**
 * One String per distinct {@code char[64]} field value, found from the entry's bytes without
 * creating a String: a kernel labels millions of objects under a few hundred names (one label
 * entry per 7-10 accesses on recorded kernels), and decoding each name into a new String, then
 * hashing it again to find its kind, was about 7 % of a label-heavy pass. Remembers at most
 * {@value #CAPACITY} values (a log of distinct names costs a new String each past that, nothing
 * more); the first 8 bytes and the length select the slot, the bytes decide.
 */
public final class StringInterner {
    static final int CAPACITY = 1 << 14;
    private static final int SLOTS = 2 * CAPACITY; // at most half full: short probes
    private final String[] strings = new String[SLOTS];
    private final long[] keys = new long[SLOTS];
    private int size;

    /** The value of the {@code char[64]} field at {@code off} of {@code b}. */
    public String intern(byte[] b, int off) {
        int n = Bytes.stringLength(b, off);
        long key = Bytes.u64(b, off) * 0x9E3779B97F4A7C15L + n; // bytes past the NUL are the field's own: n tells them apart
        for (int i = 8; i < n; i += 8) {
            key = (key ^ Bytes.u64(b, off + i)) * 0xC2B2AE3D27D4EB4FL;
        }
        int mask = SLOTS - 1;
        for (int s = (int) (key ^ key >>> 29) & mask; ; s = (s + 1) & mask) {
            String known = strings[s];
            if (known == null) {
                String fresh = new String(b, off, n, StandardCharsets.ISO_8859_1);
                if (size < CAPACITY) {
                    strings[s] = fresh;
                    keys[s] = key;
                    size++;
                }
                return fresh;
            }
            if (keys[s] == key && equal(known, b, off, n)) {
                return known;
            }
        }
    }

    private static boolean equal(String s, byte[] b, int off, int n) {
        if (s.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) != (b[off + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }
}
