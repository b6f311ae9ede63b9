package org.mtrace.mscan.util;

import java.util.Arrays;
import org.eclipse.collections.api.map.primitive.LongObjectMap;

/** Helpers for u64 values (addresses, PCs) kept in Java longs. */
public final class Unsigned {
    private Unsigned() {
    }

    /** Sorts in place in unsigned order. */
    public static void sort(long[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(values);
        for (int i = 0; i < values.length; i++) {
            values[i] ^= Long.MIN_VALUE;
        }
    }

    /** The map's keys in unsigned ascending order. */
    public static long[] sortedKeys(LongObjectMap<?> map) {
        long[] keys = map.keySet().toArray();
        sort(keys);
        return keys;
    }

    /** The map's keys in unsigned ascending order. */
    public static long[] sortedKeys(LongMap<?> map) {
        long[] keys = map.keys();
        sort(keys);
        return keys;
    }

    /**
     * Parses a hexadecimal PC/address with optional {@code 0x} (as the original's
     * {@code --stack-trace-pc}); rejects anything else.
     */
    public static long parseHex(String text) {
        String s = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        int zeros = 0;
        while (zeros < s.length() - 1 && s.charAt(zeros) == '0') {
            zeros++; // leading zeros do not count towards the 16 digits (the original reads a number)
        }
        s = s.substring(zeros);
        if (s.isEmpty() || s.length() > 16) {
            throw new IllegalArgumentException("not a hexadecimal address: '" + text + "'");
        }
        try {
            return Long.parseUnsignedLong(s, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a hexadecimal address: '" + text + "'");
        }
    }
}
