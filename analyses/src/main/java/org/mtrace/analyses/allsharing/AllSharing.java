package org.mtrace.analyses.allsharing;

import org.mtrace.mscan.lines.LineSize;
import java.util.Arrays;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.RecordingWindow;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.util.Unsigned;

/**
 * {@code --all-sharing} (MSCAN.md §8.11): every cache line that, while recording in ascope mode,
 * was written by some CPU and touched by at least two CPUs, with the per-CPU read and write
 * counts and the first access record of each address on it. {@code all-sharing-movement} is the
 * same over movement recordings ({@link SharingMode}).
 *
 * <p>The original keeps, per CPU and per line, counters and a set of records (first per address),
 * separately for loads and stores, and prints for each address the record of the lowest CPU, loads
 * before stores. The same output needs far less: per line one {@link LineTable} entry with the
 * counters per (CPU, kind); per address one {@link AddressRecords} slot holding the record with
 * the smallest (CPU, kind) rank seen so far. One hash probe per access (the line), skipped when a
 * CPU stays on its line; a CPU's repeated accesses to an address mostly skip the record check
 * ({@link OfferedFilter}); nothing is allocated per access.
 */
public final class AllSharing implements Analysis {
    private static final long LINE_MASK = ~(long) (LineSize.DEFAULT_BYTES - 1);

    private final AccessJson json;
    private final SharingMode mode;
    private final RecordingWindow window;
    private final LineTable lines = new LineTable();
    private final AddressRecords records = new AddressRecords();
    private final OfferedFilter offered = new OfferedFilter();
    private int maxCpu = -1;

    // per-CPU registers: the line last accessed and its entry position (valid for one table generation)
    private final long[] lastLine = new long[TraceState.CPU_SLOTS];
    private final int[] lastEntry = new int[TraceState.CPU_SLOTS];
    private final int[] lastGeneration = new int[TraceState.CPU_SLOTS];

    AllSharing(AccessJson json, SharingMode mode) {
        this.json = json;
        this.mode = mode;
        this.window = mode.window();
        Arrays.fill(lastGeneration, -1);
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
    public void subscribe(Handlers on) {
        on.host((h, state) -> window.update(h)).access(this::onAccess);
    }

    @Override
    public long stateBytes() {
        return lines.bytes() + records.bytes();
    }

    private void onAccess(AccessView a, TraceState state) {
        if (!window.active()) {
            return;
        }
        int cpu = a.cpu();
        long addr = a.guestAddr();
        int kind = a.accessType() == AccessType.LD.code() ? LineTable.READ : LineTable.WRITE;
        if (cpu > maxCpu) {
            maxCpu = cpu;
        }
        long line = addr & LINE_MASK;
        int p;
        if (lastGeneration[cpu] == lines.generation() && lastLine[cpu] == line) {
            p = lastEntry[cpu];
        } else {
            p = lines.find(line);
        }
        lines.increment(p, cpu, kind);
        if (lastGeneration[cpu] != lines.generation()) { // find or increment moved the entries
            p = lines.find(line);
        }
        lastLine[cpu] = line;
        lastEntry[cpu] = p;
        lastGeneration[cpu] = lines.generation();
        if (!offered.addIfAbsent(cpu, kind, addr)) {
            records.offer(lines, p, addr, cpu * 2 + kind, a, state);
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        state.checkAccessCpus(); // every line has a count per CPU up to the highest one
        out.key(mode.key).beginArray();
        for (long line : sharedLines()) {
            int p = lines.find(line);
            out.beginObject().key("accesses").beginArray();
            for (PhysicalAccess rec : records.records(lines, p, line)) {
                json.write(out, rec);
            }
            out.endArray();
            writeCounts(out.key("cpureads"), p, LineTable.READ);
            writeCounts(out.key("cpuwrites"), p, LineTable.WRITE);
            out.endObject();
        }
        out.endArray();
    }

    /** Lines written by some CPU and touched by at least two, ascending. */
    private long[] sharedLines() {
        long[] all = lines.lines();
        Unsigned.sort(all);
        int n = 0;
        for (long line : all) {
            int p = lines.find(line);
            boolean written = false;
            int cpus = 0;
            for (int cpu = 0; cpu <= maxCpu; cpu++) {
                long w = lines.count(p, cpu, LineTable.WRITE);
                written |= w != 0;
                if (w + lines.count(p, cpu, LineTable.READ) != 0) {
                    cpus++;
                }
            }
            if (written && cpus >= 2) {
                all[n++] = line;
            }
        }
        return Arrays.copyOf(all, n);
    }

    private void writeCounts(JsonWriter out, int p, int kind) {
        out.beginArray();
        for (int cpu = 0; cpu <= maxCpu; cpu++) {
            out.unsignedValue(lines.count(p, cpu, kind));
        }
        out.endArray();
    }
}
