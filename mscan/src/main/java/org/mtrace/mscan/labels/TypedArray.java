package org.mtrace.mscan.labels;

/**
 * A region of the address space that is an array of one C type (the kernel's vmemmap: an array of
 * {@code struct page}), described element by element like a heap object of that type without any
 * label in the log. An element becomes a label of {@code elements} (in no index) on first use and
 * is kept, so repeated lookups allocate nothing. The elements' handles are in pages of
 * {@value #PAGE} indexed by the element's number (a hash map's probes of the dense element numbers
 * fell into Eclipse's collision path: 4 % of the report's pass on a 28.5 M-access recording).
 */
final class TypedArray {
    private final long base;
    private final long bytes;
    private final long elementSize;
    private final int kind;
    private final LabelMap elements;
    private static final int PAGE_BITS = 12;
    private static final int PAGE = 1 << PAGE_BITS;
    /** Per page of {@value #PAGE} elements: handle + 1 of each element made (0: none yet); pages made on use. */
    private int[][] handles = new int[0][];

    TypedArray(long base, long bytes, long elementSize, int kind, LabelMap elements) {
        if (elementSize <= 0) {
            throw new IllegalArgumentException("element size " + elementSize);
        }
        this.base = base;
        this.bytes = bytes;
        this.elementSize = elementSize;
        this.kind = kind;
        this.elements = elements;
    }

    /** Whether a label of the maps ever overlapped the array (then the maps are asked first). */
    private boolean shadowed;

    /** Notes a label at {@code [start, start + bytes)} (an empty or wrapping range overlaps). */
    void shadowIfOverlapping(long start, long bytes) {
        long end = start + bytes;
        if (Long.compareUnsigned(end, start) <= 0
                || (Long.compareUnsigned(start, base + this.bytes) < 0 && Long.compareUnsigned(end, base) > 0)) {
            shadowed = true;
        }
    }

    void shadow() {
        shadowed = true;
    }

    /** {@code addr} is in the array and no label ever overlapped it. */
    boolean unshadowedHolds(long addr) {
        return !shadowed && Long.compareUnsigned(addr - base, bytes) < 0;
    }

    /** The handle of the element holding {@code addr}, or -1 outside the array. */
    int labelAt(long addr) {
        long off = addr - base;
        if (Long.compareUnsigned(off, bytes) >= 0) {
            return -1;
        }
        long index = Long.divideUnsigned(off, elementSize);
        int[] page = pageOf(index);
        int i = (int) (index & (PAGE - 1));
        if (page[i] == 0) {
            // id 0: the original had no object here (its key for an address without object)
            page[i] = elements.detached(0, LabelMaps.TYPED_ARRAY, kind, base + index * elementSize, elementSize) + 1;
        }
        return page[i] - 1;
    }

    private int[] pageOf(long index) {
        long p = index >>> PAGE_BITS;
        if (p >= handles.length) {
            if (p >= Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("typed array of " + (index + 1) + " elements");
            }
            handles = java.util.Arrays.copyOf(handles, (int) Math.max(p + 1, 2L * handles.length));
        }
        int[] page = handles[(int) p];
        if (page == null) {
            page = new int[PAGE];
            handles[(int) p] = page;
        }
        return page;
    }
}
