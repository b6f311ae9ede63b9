package org.mtrace.dwarf.index;

/**
 * Everything found by one pass over the debug information: the tables queries start from. Immutable and
 * shared by all readers; written to and read from the cache file by {@link IndexCache}.
 */
public final class DwarfIndex {
    /** Unit ranges -> unit index (compile and partial units with code). */
    public final RangeTable units;
    /** Function code ranges -> subprogram DIE offset (concrete, out-of-line instances only). */
    public final RangeTable functions;
    /** Static-storage variables sorted by address -> variable DIE offset. */
    public final long[] varAddr;
    public final int[] varDie;
    public final TypeTable types;
    public final long dieCount;

    public DwarfIndex(RangeTable units, RangeTable functions, long[] varAddr, int[] varDie, TypeTable types,
                      long dieCount) {
        this.units = units;
        this.functions = functions;
        this.varAddr = varAddr;
        this.varDie = varDie;
        this.types = types;
        this.dieCount = dieCount;
    }

    /** Index of the last variable whose address is <= addr, or -1. */
    public int variableAtOrBelow(long addr) {
        return SortedSearch.lastAtOrBelow(varAddr, addr);
    }
}
