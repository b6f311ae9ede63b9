package org.mtrace.mscan.kernel;

/**
 * One member of a struct as DWARF lays it out (pahole's columns): byte offset, size in bytes
 * (a bit-field: the bytes its bits span), name ("" for an anonymous member) and type name; for a
 * bit-field also its first bit in the byte at {@code offset} and its width ({@code bitSize} 0: not
 * a bit-field).
 */
public record Member(long offset, long size, String name, String type, int bit, int bitSize) {

    /** An ordinary member (not a bit-field). */
    public Member(long offset, long size, String name, String type) {
        this(offset, size, name, type, 0, 0);
    }

    public boolean isBitField() {
        return bitSize != 0;
    }
}
