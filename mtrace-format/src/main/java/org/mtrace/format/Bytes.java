package org.mtrace.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian, unaligned field access on byte arrays. All log decoding and
 * encoding goes through here so the byte order and the string rules of
 * FORMAT.md §3 live in one place.
 */
public final class Bytes {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Width of every fixed string field ({@code char[64]}). */
    public static final int STRING_FIELD = 64;

    private Bytes() {
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static int u16(byte[] b, int off) {
        return ((short) I16.get(b, off)) & 0xffff;
    }

    /** An unsigned 32-bit value widened to long. */
    public static long u32(byte[] b, int off) {
        return ((int) I32.get(b, off)) & 0xffffffffL;
    }

    public static int i32(byte[] b, int off) {
        return (int) I32.get(b, off);
    }

    /** A 64-bit value; callers treat it as unsigned where the format says so. */
    public static long u64(byte[] b, int off) {
        return (long) I64.get(b, off);
    }

    public static void put8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    public static void put16(byte[] b, int off, int v) {
        I16.set(b, off, (short) v);
    }

    public static void put32(byte[] b, int off, long v) {
        I32.set(b, off, (int) v);
    }

    public static void put64(byte[] b, int off, long v) {
        I64.set(b, off, v);
    }

    /**
     * Length of the C string in a {@code char[64]} field: up to the first NUL or 64 bytes.
     * Reads the field eight bytes at a time (the whole field must be in {@code b}).
     */
    public static int stringLength(byte[] b, int off) {
        for (int i = 0; i < STRING_FIELD; i += 8) {
            long x = u64(b, off + i);
            // the lowest byte flagged here is the first NUL (flags above it may be false: borrows only run upwards)
            long nul = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (nul != 0) {
                return i + (Long.numberOfTrailingZeros(nul) >>> 3);
            }
        }
        return STRING_FIELD;
    }

    /** The string in a {@code char[64]} field, decoded byte-per-char (ISO-8859-1, raw bytes preserved). */
    public static String string(byte[] b, int off) {
        return new String(b, off, stringLength(b, off), StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@code s} into a {@code char[64]} field, NUL-padded. With
     * {@code terminate} at most 63 bytes are kept so a NUL always follows;
     * otherwise all 64 bytes may be used (ascope/avar/gc names, FORMAT.md §3.2).
     */
    public static void putString(byte[] b, int off, String s, boolean terminate) {
        byte[] src = s.getBytes(StandardCharsets.ISO_8859_1);
        int n = Math.min(src.length, terminate ? STRING_FIELD - 1 : STRING_FIELD);
        System.arraycopy(src, 0, b, off, n);
        java.util.Arrays.fill(b, off + n, off + STRING_FIELD, (byte) 0);
    }
}
