package org.mtrace.mscan.labels;

/**
 * A labelled object (MSCAN.md §4.1): heap, block, static or per-CPU, as a value. The label maps
 * keep no objects (their labels are columns, {@link LabelMaps#labelAt}); this is what
 * {@link LabelMaps#object} makes for code that keeps a label or wants one to pass around.
 *
 * @param id        the original's object id: its global insertion counter, from 1 (static, per-CPU
 *                  and guest labels alike); 0 for a per-CPU instance the original never created
 *                  (it saw no per-CPU templates, {@link LabelMaps#loadStatics(java.util.List,
 *                  org.mtrace.mscan.kernel.PerCpuRange, org.mtrace.mscan.kernel.PerCpuRange)}),
 *                  which is also its key for an address without object
 * @param labelType 1 heap, 2 block, 3 static, 4 percpu
 * @param kind      small dense number of the (name, alloc_pc) pair, equal for objects with equal
 *                  name and alloc_pc (assigned by {@link LabelMaps}; -1 if not assigned), so
 *                  analyses can index per-kind state by an int instead of hashing strings
 */
public record LabelObject(long id, int labelType, String name, long start, long bytes, long allocPc, int kind) {

    public LabelObject(long id, int labelType, String name, long start, long bytes, long allocPc) {
        this(id, labelType, name, start, bytes, allocPc, -1);
    }

    /** One past the last byte (unsigned arithmetic, may wrap). */
    public long end() {
        return start + bytes;
    }

    /** Last byte: {@code start + bytes - 1}. */
    public long lastByte() {
        return start + bytes - 1;
    }

    /**
     * Does the object cover {@code addr}: {@code start ≤ addr < end}, unsigned, with {@code end}
     * computed in 64 bits as the original does (an object whose end wraps covers nothing)?
     */
    public boolean contains(long addr) {
        return Long.compareUnsigned(start, addr) <= 0 && Long.compareUnsigned(addr, end()) < 0;
    }
}
