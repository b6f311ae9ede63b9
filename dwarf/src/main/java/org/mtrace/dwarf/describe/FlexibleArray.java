package org.mtrace.dwarf.describe;

/**
 * A struct's trailing flexible array member ({@code unsigned long cpu_bitmap[]} of {@code mm_struct}):
 * its name, byte offset and element size. Memory past {@code sizeof} the struct is its elements when
 * the object was allocated with room for them.
 */
public record FlexibleArray(String name, long offset, long elementSize) {
    /** The member path of the byte {@code offset} bytes into the struct, at or past the array's start: {@code cpu_bitmap[1]+0x4}. */
    public String path(long offset) {
        long in = offset - this.offset;
        long rest = in % elementSize;
        return name + "[" + in / elementSize + "]" + (rest == 0 ? "" : "+0x" + Long.toHexString(rest));
    }
}
