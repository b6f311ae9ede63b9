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
 * Transfers per call stack of each code site of each line: (line id, offset in the line, bytes, PC,
 * call stack id) → transfers, counted only for transfers made under a call stack ({@link CallStackIds};
 * logs recorded with {@code mtrace-record --calls}), so that the report can say who called the
 * function whose instruction moved a line (perf c2c's call graph). A line is ranked after the pass,
 * so every line's sites are counted. The bytes are part of the site as they are of the report's
 * offset rows (offset and size): an instruction that touches one offset with several widths (a
 * byte's bit operation and a word's load of one field, a string operation) has a site in each row,
 * and each row's stacks add up to that row's transfers.
 *
 * <p>Memory: the tuples in a table are bounded ({@link #LIMIT}); past it, a transfer of a tuple the
 * table does not hold is written down, 12 bytes (line id, site id, stack id) each, in memory up to
 * 16 MiB and then in a temporary file ({@link SpillBuffer}), and counted when the tuples are read
 * back after the pass, so the counts stay exact at a bounded heap. (With a table of 4 M tuples and
 * nothing written down, a MOSBENCH exim run on Debian's 6.12 recorded with {@code --calls}, 28.5 M
 * transfers, left the stacks of 2.4 M of them out, and the table with (site, stack) numbers made
 * for every transfer took about 330 MB.) Only past {@link #SPILLED} transfers written down, or where the
 * file cannot be written, are transfers left out ({@link #dropped}), and the report says so.
 */
final class SiteStacks {
    /** Distinct (line, offset, bytes, PC, stack) tuples in the table: 1 M, about 80 MB with their (site, stack) numbers. */
    static final int LIMIT = 1 << 20;
    /** Transfers past {@link #LIMIT} written down: 3 GiB of them at most. */
    static final long SPILLED = 1L << 28;
    private static final int RECORD = 3 * Integer.BYTES;
    private static final long SPILL_IN_MEMORY = 16L << 20;
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());

    /** PC → PC id. */
    private final Interner pcs = new Interner();
    /** (offset << 48 | bytes << 32 | PC id) → site id. */
    private final Interner sites = new Interner();
    /** (site id << 32 | stack id) → pair id, for the tuples in the table only. */
    private final Interner pairs = new Interner();
    /** (line id << 32 | pair id) → transfers. */
    private final LongLongHashMap counts = new LongLongHashMap();
    /** The (line id, site id, stack id) of each transfer past {@link #limit} whose tuple the table does not hold. */
    private final SpillBuffer spill = new SpillBuffer(RECORD, SPILL_IN_MEMORY);
    /** Transfers under a stack that were not kept (past {@link #limit} and past {@link #spilled}, or not written). */
    private long dropped;
    /** Why they were not kept (null: every one was). */
    private String whyDropped;
    private final int limit;
    private final long spilled;

    SiteStacks() {
        this(LIMIT, SPILLED);
    }

    /** Counts that keep at most {@code limit} tuples in the table and write down at most {@code spilled} transfers (tests use small ones). */
    SiteStacks(int limit, long spilled) {
        this.limit = limit;
        this.spilled = spilled;
    }

    /**
     * Counts one transfer of {@code bytes} by the instruction at {@code pc} at {@code offset} in line
     * {@code lineId}, under stack {@code stackId} (≠ 0).
     */
    void count(int lineId, int offset, int bytes, long pc, int stackId) {
        int site = sites.idOf((long) offset << 48 | (long) bytes << 32 | pcs.idOf(pc));
        long pairValue = (long) site << 32 | stackId;
        boolean room = counts.size() < limit;
        int pair = room ? pairs.idOf(pairValue) : pairs.find(pairValue);
        long key = (long) lineId << 32 | pair;
        if (room || pair >= 0 && counts.containsKey(key)) {
            counts.addToValue(key, 1);
        } else {
            spill(lineId, site, stackId);
        }
    }

    /** Writes down a transfer of a tuple the full table does not hold, unless too many were or writing failed. */
    private void spill(int lineId, int site, int stackId) {
        if (whyDropped == null && spill.count() == spilled) {
            whyDropped = pastTheTable() + " and " + spilled + " transfers past them";
        }
        if (whyDropped == null) {
            try {
                int at = spill.append(); // first: it may move on to a new block
                byte[] b = spill.block();
                INTS.set(b, at, lineId);
                INTS.set(b, at + Integer.BYTES, site);
                INTS.set(b, at + 2 * Integer.BYTES, stackId);
                return;
            } catch (UncheckedIOException x) {
                whyDropped = pastTheTable() + ", and the transfers past them " + x.getMessage() + ": "
                        + x.getCause().getMessage();
            }
        }
        dropped++;
    }

    /** The first words of {@link #whyDropped}: what filled the table. */
    private String pastTheTable() {
        return "more than " + limit + " distinct (line, offset, bytes, PC, call stack) tuples";
    }

    /** Whether some transfer was made under a call stack (counted, written down or dropped). */
    boolean any() {
        return !counts.isEmpty() || spill.count() > 0 || dropped > 0;
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

    /** The sites' stacks of the lines {@code lineIds}: per (line id, offset, bytes, PC), transfers per stack id. */
    Map<Site, Map<Integer, Long>> of(IntHashSet lineIds) {
        Map<Site, Map<Integer, Long>> out = new HashMap<>();
        forEachTuple((line, site, stack, n) -> {
            if (lineIds.contains(line)) {
                long s = sites.value(site);
                out.computeIfAbsent(new Site(line, (int) (s >>> 48), (int) (s >>> 32) & 0xffff, pcs.value((int) s)),
                        k -> new HashMap<>())
                        .merge(stack, n, Long::sum);
            }
        });
        return out;
    }

    /** Every line's stacks by PC: transfers per stack id (for the code profile's functions). */
    Map<Long, Map<Integer, Long>> byPc() {
        LongLongHashMap byPcAndStack = new LongLongHashMap(); // (PC id << 32 | stack id) → transfers
        forEachTuple((line, site, stack, n) -> byPcAndStack.addToValue((sites.value(site) & 0xffffffffL) << 32 | stack, n));
        Map<Long, Map<Integer, Long>> out = new HashMap<>();
        byPcAndStack.forEachKeyValue((k, n) -> out.computeIfAbsent(pcs.value((int) (k >>> 32)), pc -> new HashMap<>())
                .put((int) k, n));
        return out;
    }

    /** A (line id, site id, stack id) tuple and its transfers. */
    private interface TupleVisitor {
        void visit(int lineId, int siteId, int stackId, long transfers);
    }

    /** Each tuple of the table, then each transfer written down (as a tuple of one transfer). */
    private void forEachTuple(TupleVisitor v) {
        counts.forEachKeyValue((key, n) -> {
            long pair = pairs.value((int) key);
            v.visit((int) (key >>> 32), (int) (pair >>> 32), (int) pair, n);
        });
        spill.replay((b, at) -> v.visit((int) INTS.get(b, at), (int) INTS.get(b, at + Integer.BYTES),
                (int) INTS.get(b, at + 2 * Integer.BYTES), 1));
    }

    /** A code site of a line: the instruction at {@code pc} touching {@code bytes} at {@code offset}. */
    record Site(int lineId, int offset, int bytes, long pc) {
    }
}
