package org.mtrace.dwarf.index;

import org.mtrace.dwarf.read.DieOffset;

/**
 * Everything found by one pass over the debug information: the tables queries start from. Immutable and
 * shared by all readers; written to and read from the cache file by {@link IndexCache}. The tables hold DIE
 * offsets as plain ints ({@link DieOffset#global()}) so they stay compact arrays; the accessors below hand
 * them out typed.
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

    /** The subprogram whose code covers {@code pc} (the innermost-starting range), or null. */
    public DieOffset functionAt(long pc) {
        int die = functions.find(pc);
        return die < 0 ? null : new DieOffset(die);
    }

    /** The DIE of variable {@code i} (in {@link #varAddr} order). */
    public DieOffset variableDie(int i) { return new DieOffset(varDie[i]); }

    /** Index of the last variable whose address is <= addr, or -1. */
    public int variableAtOrBelow(long addr) {
        return SortedSearch.lastAtOrBelow(varAddr, addr);
    }
}
