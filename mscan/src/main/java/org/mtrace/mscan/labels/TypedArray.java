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
