package org.mtrace.analyses.allsharing;

import java.util.BitSet;
import java.util.Set;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;
import org.mtrace.analyses.common.RecordingWindow;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.util.Unsigned;

/**
 * {@code --all-sharing} (MSCAN.md §8.11): every cache line that, while recording in ascope mode,
 * was written by some CPU and touched by at least two CPUs, with the per-CPU read and write
 * counts and the first access record of each address on it.
 *
 * <p>The original keeps, per CPU and per line, counters and a set of records (first per address),
 * separately for loads and stores, and prints for each address the record of the lowest CPU, loads
 * before stores. The same output needs far less: per line a dense index and one counter per (CPU,
 * kind) in a primitive map; per address one {@link AddressRecords} slot holding the record with the
 * smallest (CPU, kind) rank seen so far. Consecutive accesses of a CPU to the same line are summed
 * in per-CPU registers and flushed when the CPU moves to another line, and repeated accesses of a
 * CPU to the same address skip the address table; nothing is allocated per access.
 */
public final class AllSharing implements Analysis {
    private static final int READ = 0;
    private static final int WRITE = 1;
    private static final long LINE_MASK = ~63L;

    private final AccessJson json;
    private final RecordingWindow window = new RecordingWindow(2);
    private final LongIntHashMap lineIndex = new LongIntHashMap();
    /** (line index << 17 | cpu << 1 | kind) → number of accesses. */
    private final LongLongHashMap counts = new LongLongHashMap();
    private final BitSet writtenLines = new BitSet();
    private final AddressRecords records = new AddressRecords();
    private int maxCpu = -1;

    // per-CPU registers: the line being accessed and the counts not yet flushed to `counts`
    private final boolean[] hasLine = new boolean[TraceState.CPU_SLOTS];
    private final long[] lastLine = new long[TraceState.CPU_SLOTS];
    private final int[] lastLineIndex = new int[TraceState.CPU_SLOTS];
    private final long[] pendingReads = new long[TraceState.CPU_SLOTS];
    private final long[] pendingWrites = new long[TraceState.CPU_SLOTS];
    // per-CPU: last address and which kinds this CPU already recorded for it (bit per kind)
    private final long[] lastAddress = new long[TraceState.CPU_SLOTS];
    private final byte[] lastAddressKinds = new byte[TraceState.CPU_SLOTS];

    AllSharing(AccessJson json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "all-sharing";
    }

    @Override
    public Set<EntryType> entryTypes() {
        return Set.of(EntryType.HOST, EntryType.ACCESS);
    }

    @Override
    public void onEntry(Entry e, TraceState state) {
        if (e.typeCode() == EntryType.HOST.code()) {
            window.update(e.asHost());
            return;
        }
        if (!window.active()) {
            return;
        }
        AccessView a = e.asAccess();
        int cpu = e.cpu();
        long addr = a.guestAddr();
        int kind = a.accessType() == AccessType.LD.code() ? READ : WRITE;
        if (cpu > maxCpu) {
            maxCpu = cpu;
        }
        long line = addr & LINE_MASK;
        if (!hasLine[cpu] || lastLine[cpu] != line) {
            flush(cpu);
            hasLine[cpu] = true;
            lastLine[cpu] = line;
            lastLineIndex[cpu] = indexOf(line);
        }
        if (kind == WRITE) {
            pendingWrites[cpu]++;
        } else {
            pendingReads[cpu]++;
        }
        int bit = 1 << kind;
        if (lastAddress[cpu] == addr && lastAddressKinds[cpu] != 0) {
            if ((lastAddressKinds[cpu] & bit) != 0) {
                return; // this CPU already recorded this kind of access to this address
            }
            lastAddressKinds[cpu] |= bit;
        } else {
            lastAddress[cpu] = addr;
            lastAddressKinds[cpu] = (byte) bit;
        }
        records.offer(addr, cpu * 2 + kind, a, state);
    }

    private int indexOf(long line) {
        int idx = lineIndex.getIfAbsent(line, -1);
        if (idx < 0) {
            idx = lineIndex.size();
            lineIndex.put(line, idx);
        }
        return idx;
    }

    private void flush(int cpu) {
        if (!hasLine[cpu]) {
            return;
        }
        long base = (long) lastLineIndex[cpu] << 17 | (long) cpu << 1;
        if (pendingReads[cpu] != 0) {
            counts.addToValue(base | READ, pendingReads[cpu]);
            pendingReads[cpu] = 0;
        }
        if (pendingWrites[cpu] != 0) {
            counts.addToValue(base | WRITE, pendingWrites[cpu]);
            writtenLines.set(lastLineIndex[cpu]);
            pendingWrites[cpu] = 0;
        }
    }

    private long count(int lineIdx, int cpu, int kind) {
        return counts.get((long) lineIdx << 17 | (long) cpu << 1 | kind);
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        for (int cpu = 0; cpu <= maxCpu; cpu++) {
            flush(cpu);
        }
        long[] lines = sharedLines();
        LongHashSet shared = LongHashSet.newSetWith(lines);
        long[] addrs = records.addresses(addr -> shared.contains(addr & LINE_MASK));
        out.key("shared_cachelines").beginArray();
        int next = 0;
        for (long line : lines) {
            int idx = lineIndex.get(line);
            out.beginObject().key("accesses").beginArray();
            while (next < addrs.length && (addrs[next] & LINE_MASK) == line) {
                json.write(out, records.record(addrs[next++]));
            }
            out.endArray();
            writeCounts(out.key("cpureads"), idx, READ);
            writeCounts(out.key("cpuwrites"), idx, WRITE);
            out.endObject();
        }
        out.endArray();
    }

    /** Written lines touched by at least two CPUs, ascending. */
    private long[] sharedLines() {
        long[] all = lineIndex.keySet().toArray();
        Unsigned.sort(all);
        int n = 0;
        for (long line : all) {
            int idx = lineIndex.get(line);
            if (!writtenLines.get(idx)) {
                continue;
            }
            int cpus = 0;
            for (int cpu = 0; cpu <= maxCpu && cpus < 2; cpu++) {
                if (count(idx, cpu, READ) + count(idx, cpu, WRITE) > 0) {
                    cpus++;
                }
            }
            if (cpus >= 2) {
                all[n++] = line;
            }
        }
        return java.util.Arrays.copyOf(all, n);
    }

    private void writeCounts(JsonWriter out, int idx, int kind) {
        out.beginArray();
        for (int cpu = 0; cpu <= maxCpu; cpu++) {
            out.unsignedValue(count(idx, cpu, kind));
        }
        out.endArray();
    }
}
