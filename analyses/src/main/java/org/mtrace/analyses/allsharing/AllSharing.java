package org.mtrace.analyses.allsharing;

import java.util.Arrays;
import java.util.Set;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.RecordingWindow;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.lines.LineCpuTable;
import org.mtrace.mscan.lines.LineSize;
import org.mtrace.mscan.util.Unsigned;

/**
 * {@code --all-sharing} (MSCAN.md §8.11): every cache line that, while recording in ascope mode,
 * was written by some CPU and touched by at least two CPUs, with the per-CPU read and write
 * counts and the first access record of each address on it. {@code all-sharing-movement} is the
 * same over movement recordings ({@link SharingMode}).
 *
 * <p>The original keeps, per CPU and per line, counters and a set of records (first per address),
 * separately for loads and stores, and prints for each address the record of the lowest CPU, loads
 * before stores. Here the lines and their per-CPU counters are the shared {@link LineCpuTable}
 * (all-sharing is the CPU view of it), and per address one {@link AddressRecords} slot, hanging
 * off the table's line ids, holds the record with the smallest (CPU, kind) rank seen so far. One
 * hash probe per access (the (line, CPU) slot), skipped when a CPU stays on its line; a CPU's
 * repeated accesses to an address mostly skip the record check ({@link OfferedFilter}); nothing is
 * allocated per access. The line size is the pass's ({@code --line-size}, default 64).
 */
public final class AllSharing implements Analysis {
    private static final int READ = 0;
    private static final int WRITE = 1;
    /** No line address has its low bit set (lines are at least 8 bytes). */
    private static final long NO_LINE = 1;

    private final AccessJson json;
    private final SharingMode mode;
    private final RecordingWindow window;
    private final LineCpuTable lines;
    private final AddressRecords records;
    private final OfferedFilter offered = new OfferedFilter();

    // per-CPU registers: the line last accessed and its (line, CPU) slot (slots never move)
    private final long[] lastLine = new long[TraceState.CPU_SLOTS];
    private final int[] lastSlot = new int[TraceState.CPU_SLOTS];

    AllSharing(AccessJson json, SharingMode mode, LineSize lineSize) {
        this.json = json;
        this.mode = mode;
        this.window = mode.window();
        this.lines = new LineCpuTable(lineSize);
        this.records = new AddressRecords(lineSize);
        Arrays.fill(lastLine, NO_LINE);
    }

    @Override
    public String name() {
        return mode.analysisName;
    }

    @Override
    public Requirements requirements() {
        return Requirements.recording(mode.mode).withHint(mode.otherwise);
    }

    @Override
    public Set<EntryType> entryTypes() {
        return Set.of(EntryType.HOST, EntryType.ACCESS);
    }

    @Override
    public long stateBytes() {
        return lines.stateBytes() + records.bytes();
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
        boolean store = a.accessType() != AccessType.LD.code();
        long line = lines.lineSize().lineOf(addr);
        int slot;
        if (lastLine[cpu] == line) {
            slot = lastSlot[cpu];
        } else {
            slot = lines.slot(addr, cpu);
            lastLine[cpu] = line;
            lastSlot[cpu] = slot;
        }
        lines.count(slot, store);
        int kind = store ? WRITE : READ;
        if (!offered.addIfAbsent(cpu, kind, addr)) {
            records.offer(lines.line(slot), addr, cpu * 2 + kind, a, state);
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        state.checkAccessCpus(); // every line has a count per CPU up to the highest one
        out.key(mode.key).beginArray();
        for (int line : sharedLines()) {
            long address = lines.address(line);
            out.beginObject().key("accesses").beginArray();
            for (PhysicalAccess rec : records.records(line, address)) {
                json.write(out, rec);
            }
            out.endArray();
            long[] reads = new long[lines.maxCpu() + 1];
            long[] writes = new long[lines.maxCpu() + 1];
            for (int cpu = 0; cpu < reads.length; cpu++) {
                int slot = lines.find(line, cpu);
                if (slot >= 0) {
                    reads[cpu] = lines.loads(slot);
                    writes[cpu] = lines.stores(slot);
                }
            }
            writeCounts(out.key("cpureads"), reads);
            writeCounts(out.key("cpuwrites"), writes);
            out.endObject();
        }
        out.endArray();
    }

    /** Ids of the lines written by some CPU and touched by at least two, ascending by address. */
    private int[] sharedLines() {
        int n = lines.lines();
        boolean[] written = new boolean[n];
        int[] cpus = new int[n];
        for (int slot = 0, slots = lines.slots(); slot < slots; slot++) { // a slot: a CPU that touched its line
            int line = lines.line(slot);
            cpus[line]++;
            written[line] |= lines.stores(slot) != 0;
        }
        long[] shared = new long[n];
        int k = 0;
        for (int line = 0; line < n; line++) {
            if (written[line] && cpus[line] >= 2) {
                shared[k++] = lines.address(line);
            }
        }
        shared = Arrays.copyOf(shared, k);
        Unsigned.sort(shared);
        int[] ids = new int[k];
        for (int i = 0; i < k; i++) {
            ids[i] = lines.lineId(shared[i]);
        }
        return ids;
    }

    private static void writeCounts(JsonWriter out, long[] counts) {
        out.beginArray();
        for (long n : counts) {
            out.unsignedValue(n);
        }
        out.endArray();
    }
}
