package org.mtrace.analyses.falsesharing;

/**
 * One (name, alloc_pc) pair found on a falsely shared line. Ordered by name (byte order,
 * MSCAN.md Appendix A: names are ISO-8859-1 so {@code String.compareTo} is byte order), then
 * alloc_pc unsigned.
 */
record Instance(String name, long allocPc) implements Comparable<Instance> {

    @Override
    public int compareTo(Instance o) {
        int c = name.compareTo(o.name);
        return c != 0 ? c : Long.compareUnsigned(allocPc, o.allocPc);
    }
}
