package org.mtrace.mscan.report;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.mtrace.mscan.lines.Interner;

/**
 * Transfers per call stack of each code site of each line: (line id, offset in the line, PC, call
 * stack id) → transfers, counted only for transfers made under a call stack ({@link CallStackIds};
 * logs recorded with {@code mtrace-record --calls}), so that the report can say who called the
 * function whose instruction moved a line (perf c2c's call graph). A line is ranked after the pass,
 * so every line's sites are counted; their number is bounded ({@link #LIMIT}): past it, new
 * (line, offset, PC, stack) tuples are not kept, and the report says so.
 */
final class SiteStacks {
    /** Distinct (line, offset, PC, stack) tuples kept: about 200 MB at most (2 M took 92 MB more RSS). */
    static final int LIMIT = 1 << 22;

    /** PC → PC id. */
    private final Interner pcs = new Interner();
    /** (offset << 32 | PC id) → site id. */
    private final Interner sites = new Interner();
    /** (site id << 32 | stack id) → pair id. */
    private final Interner pairs = new Interner();
    /** (line id << 32 | pair id) → transfers. */
    private final LongLongHashMap counts = new LongLongHashMap();
    /** Transfers under a stack whose tuple was not kept (past {@link #limit}). */
    private long dropped;
    private final int limit;

    SiteStacks() {
        this(LIMIT);
    }

    /** Counts that keep at most {@code limit} tuples (tests use small ones). */
    SiteStacks(int limit) {
        this.limit = limit;
    }

    /** Counts one transfer by the instruction at {@code pc} at {@code offset} in line {@code lineId}, under stack {@code stackId} (≠ 0). */
    void count(int lineId, int offset, long pc, int stackId) {
        int site = sites.idOf((long) offset << 32 | pcs.idOf(pc));
        int pair = pairs.idOf((long) site << 32 | stackId);
        long key = (long) lineId << 32 | pair;
        if (counts.size() >= limit && !counts.containsKey(key)) {
            dropped++;
            return;
        }
        counts.addToValue(key, 1);
    }

    /** Transfers under a stack that were not kept. */
    long dropped() {
        return dropped;
    }

    long stateBytes() {
        return pcs.stateBytes() + sites.stateBytes() + pairs.stateBytes() + 32L * counts.size();
    }

    /** The sites' stacks of the lines {@code lineIds}: per (line id, offset, PC), transfers per stack id. */
    Map<Site, Map<Integer, Long>> of(IntHashSet lineIds) {
        Map<Site, Map<Integer, Long>> out = new HashMap<>();
        forEachTuple((line, offset, pc, stack, n) -> {
            if (lineIds.contains(line)) {
                out.computeIfAbsent(new Site(line, offset, pc), k -> new HashMap<>()).merge(stack, n, Long::sum);
            }
        });
        return out;
    }

    /** Every line's stacks by PC: transfers per stack id (for the code profile's functions). */
    Map<Long, Map<Integer, Long>> byPc() {
        Map<Long, Map<Integer, Long>> out = new HashMap<>();
        forEachTuple((line, offset, pc, stack, n) -> out.computeIfAbsent(pc, k -> new HashMap<>()).merge(stack, n, Long::sum));
        return out;
    }

    /** A kept (line id, offset, PC, stack id) tuple and its transfers. */
    private interface TupleVisitor {
        void visit(int lineId, int offset, long pc, int stackId, long transfers);
    }

    /** Each kept tuple, the keys decoded once here. */
    private void forEachTuple(TupleVisitor v) {
        counts.forEachKeyValue((key, n) -> {
            long pair = pairs.value((int) key);
            long site = sites.value((int) (pair >>> 32));
            v.visit((int) (key >>> 32), (int) (site >>> 32), pcs.value((int) site), (int) pair, n);
        });
    }

    /** A code site of a line: the instruction at {@code pc} touching {@code offset}. */
    record Site(int lineId, int offset, long pc) {
    }
}
