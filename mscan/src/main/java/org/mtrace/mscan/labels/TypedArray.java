package org.mtrace.mscan.labels;

import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * A region of the address space that is an array of one C type (the kernel's vmemmap: an array of
 * {@code struct page}), described element by element like a heap object of that type without any
 * label in the log. Element objects are made on first use and kept, so repeated lookups allocate
 * nothing.
 */
final class TypedArray {
    private final String typeName;
    private final long base;
    private final long bytes;
    private final long elementSize;
    private final int kind;
    private final LongObjectHashMap<LabelObject> elements = new LongObjectHashMap<>();

    TypedArray(String typeName, long base, long bytes, long elementSize, int kind) {
        if (elementSize <= 0) {
            throw new IllegalArgumentException("element size " + elementSize);
        }
        this.typeName = typeName;
        this.base = base;
        this.bytes = bytes;
        this.elementSize = elementSize;
        this.kind = kind;
    }

    /** The element holding {@code addr}, or null outside the array. */
    LabelObject objectAt(long addr) {
        long off = addr - base;
        if (Long.compareUnsigned(off, bytes) >= 0) {
            return null;
        }
        long index = Long.divideUnsigned(off, elementSize);
        LabelObject o = elements.get(index);
        if (o == null) {
            // id 0: the original had no object here (its key for an address without object)
            o = new LabelObject(0, LabelMaps.TYPED_ARRAY, typeName, base + index * elementSize, elementSize, 0, kind);
            elements.put(index, o);
        }
        return o;
    }
}
