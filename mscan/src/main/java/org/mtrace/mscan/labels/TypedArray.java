package org.mtrace.mscan.labels;

import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;

/**
 * A region of the address space that is an array of one C type (the kernel's vmemmap: an array of
 * {@code struct page}), described element by element like a heap object of that type without any
 * label in the log. An element becomes a label of {@code elements} (in no index) on first use and
 * is kept, so repeated lookups allocate nothing.
 */
final class TypedArray {
    private final long base;
    private final long bytes;
    private final long elementSize;
    private final int kind;
    private final LabelMap elements;
    private final LongIntHashMap handles = new LongIntHashMap();

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
        int h = handles.getIfAbsent(index, -1);
        if (h < 0) {
            // id 0: the original had no object here (its key for an address without object)
            h = elements.detached(0, LabelMaps.TYPED_ARRAY, kind, base + index * elementSize, elementSize);
            handles.put(index, h);
        }
        return h;
    }
}
