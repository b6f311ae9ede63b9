package org.mtrace.synth.kernel;

import org.eclipse.collections.impl.stack.mutable.primitive.LongArrayStack;

/**
 * A slab cache for one struct type: objects are carved from a private region
 * of the direct map, and freed objects are reused last-in first-out, as the
 * kernel's slab allocators do (so a new object often lands where an old one
 * died, which is what makes label removal matter).
 */
public final class SlabCache {
    /** Physical bytes reserved per cache. */
    static final long REGION = 0x400000L;

    private final StructType type;
    private final long base;
    private final int stride;
    private final long capacity;
    private long carved;
    private final LongArrayStack free = new LongArrayStack();

    /** {@code index} selects the cache's region; objects are aligned to 16 bytes (64 if larger than a line). */
    public SlabCache(StructType type, int index) {
        this.type = type;
        this.base = MemoryMap.directMap(MemoryMap.SLAB_PHYS + index * REGION);
        int align = type.size() > 64 ? 64 : 16;
        this.stride = (type.size() + align - 1) / align * align;
        this.capacity = REGION / stride;
    }

    public StructType type() {
        return type;
    }

    /** Address of a new object. */
    public long allocate() {
        if (!free.isEmpty()) {
            return free.pop();
        }
        if (carved == capacity) {
            throw new IllegalStateException("slab cache " + type.name() + " exhausted");
        }
        return base + stride * carved++;
    }

    /** Returns an object for reuse. */
    public void free(long addr) {
        free.push(addr);
    }
}
