package org.mtrace.mscan.report;

import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.mtrace.mscan.lines.Interner;
import org.mtrace.mscan.util.SpillBuffer;

/**
 * Transfers per call stack of each code site of each line: (line id, offset in the line, PC, call
 * stack id) → transfers, counted only for transfers made under a call stack ({@link CallStackIds};
 * logs recorded with {@code mtrace-record --calls}), so that the report can say who called the
 * function whose instruction moved a line (perf c2c's call graph). A line is ranked after the pass,
 * so every line's sites are counted. The table of tuples is bounded ({@link #LIMIT}): past it, a
 * transfer of a tuple the table does not hold is written down, eight bytes (the table's key) each,
 * in memory up to 16 MiB and then in a temporary file ({@link SpillBuffer}), and counted when the
 * tuples are read back, so the counts stay exact
 * (a MOSBENCH exim run on Debian's 6.12 recorded with {@code --calls}, 28.5 M transfers, passed the
 * bound with 2.4 M of them, whose stacks were left out before). Only past {@link #SPILLED} of those,
 * or where the file cannot be written, are transfers left out ({@link #dropped}), and the report
 * says so.
 */
final class SiteStacks {
    /** Distinct (line, offset, PC, stack) tuples kept: about 200 MB at most (2 M took 92 MB more RSS). */
    static final int LIMIT = 1 << 22;
    /** Transfers past {@link #LIMIT} written down: 2 GiB of them at most. */
    static final long SPILLED = 1L << 28;
    private static final long SPILL_IN_MEMORY = 16L << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** PC → PC id. */
    private final Interner pcs = new Interner();
    /** (offset << 32 | PC id) → site id. */
    private final Interner sites = new Interner();
    /** (site id << 32 | stack id) → pair id. */
    private final Interner pairs = new Interner();
    /** (line id << 32 | pair id) → transfers. */
    private final LongLongHashMap counts = new LongLongHashMap();
    /** The keys of {@link #counts} of transfers past {@link #limit} whose tuple it does not hold, one per transfer. */
    private final SpillBuffer spill = new SpillBuffer(Long.BYTES, SPILL_IN_MEMORY);
    /** Transfers under a stack that were not kept (past {@link #limit} and past {@link #spilled}, or not written). */
    private long dropped;
    /** Why the last of them was not kept (null: none was). */
    private String whyDropped;
    private final int limit;
    private final long spilled;

    SiteStacks() {
        this(LIMIT, SPILLED);
    }

    /** Counts that keep at most {@code limit} tuples and spill at most {@code spilled} transfers (tests use small ones). */
    SiteStacks(int limit, long spilled) {
        this.limit = limit;
        this.spilled = spilled;
    }

    /** Counts one transfer by the instruction at {@code pc} at {@code offset} in line {@code lineId}, under stack {@code stackId} (≠ 0). */
    void count(int lineId, int offset, long pc, int stackId) {
        int site = sites.idOf((long) offset << 32 | pcs.idOf(pc));
        int pair = pairs.idOf((long) site << 32 | stackId);
        long key = (long) lineId << 32 | pair;
        if (counts.size() >= limit && !counts.containsKey(key)) {
            spill(key);
            return;
        }
        counts.addToValue(key, 1);
    }

    /** Writes down a transfer of a tuple the full table does not hold, unless too many were or writing failed. */
    private void spill(long key) {
        if (whyDropped == null && spill.count() == spilled) {
            whyDropped = "more than " + limit + " distinct (line, offset, PC, call stack) tuples and " + spilled
                    + " transfers past them";
        }
        if (whyDropped == null) {
            try {
                int at = spill.append(); // first: it may move on to a new block
                LONGS.set(spill.block(), at, key);
                return;
            } catch (UncheckedIOException x) {
                whyDropped = "more than " + limit + " distinct (line, offset, PC, call stack) tuples, and the transfers"
                        + " past them " + x.getMessage() + ": " + x.getCause().getMessage();
            }
        }
        dropped++;
    }

    /** Transfers under a stack that were not kept. */
    long dropped() {
        return dropped;
    }

    /** Why transfers were not kept (null: all were). */
    String whyDropped() {
        return whyDropped;
    }

    /** Transfers past the table's bound, written down and counted. */
    long spilled() {
        return spill.count();
    }

    /** Deletes the temporary file: the counts are no longer needed (idempotent). */
    void release() {
        spill.close();
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

    /** Each kept tuple (a spilled transfer as a tuple of one transfer), the keys decoded once here. */
    private void forEachTuple(TupleVisitor v) {
        counts.forEachKeyValue((key, n) -> visit(key, n, v));
        spill.replay((block, offset) -> visit((long) LONGS.get(block, offset), 1, v));
    }

    private void visit(long key, long transfers, TupleVisitor v) {
        long pair = pairs.value((int) key);
        long site = sites.value((int) (pair >>> 32));
        v.visit((int) (key >>> 32), (int) (site >>> 32), pcs.value((int) site), (int) pair, transfers);
    }

    /** A code site of a line: the instruction at {@code pc} touching {@code offset}. */
    record Site(int lineId, int offset, long pc) {
    }
}
