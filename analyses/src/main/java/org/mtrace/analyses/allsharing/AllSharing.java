package org.mtrace.analyses.allsharing;

import java.util.Arrays;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.LineParts;
import org.mtrace.mscan.engine.LinePartitioned;
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
 * before stores. The same output needs far less: the lines and their per-CPU counters are the
 * shared {@link LineCpuTable} (all-sharing is its CPU view), and per address one
 * {@link AddressRecords} slot, hanging off the line's entry, holds the record with the smallest
 * (CPU, kind) rank seen so far. One hash probe per access (the line), skipped when a CPU stays on
 * its line; an access that cannot win its address's record is told so by the rank byte of its 8
 * bytes in the same entry ({@link AddressRecords#mayWin}); nothing is allocated per access. The
 * line size is the pass's ({@code --line-size}, default 64).
 *
 * <p>Its state is per line, so a split pass ({@code SplitPass}) runs two instances, each counting
 * the accesses to its half of the lines; the first writes the lines of both in one ascending list.
 */
public final class AllSharing implements LinePartitioned {
    private static final int READ = 0;
    private static final int WRITE = 1;

    private final AccessJson json;
    private final SharingMode mode;
    private final RecordingWindow window;
    private final LineCpuTable lines;
    private final AddressRecords records;
    /** The lines it counts and the instances whose results {@link #finish} writes. */
    private final LineParts<AllSharing> parts = new LineParts<>(this, AllSharing.class);

    // per-CPU registers: the line last accessed and its entry position (valid for one table generation)
    private final long[] lastLine = new long[TraceState.CPU_SLOTS];
    private final int[] lastEntry = new int[TraceState.CPU_SLOTS];
    private final int[] lastGeneration = new int[TraceState.CPU_SLOTS];

    AllSharing(AccessJson json, SharingMode mode, LineSize lineSize) {
        this.json = json;
        this.mode = mode;
        this.window = mode.window();
        this.lines = new LineCpuTable(lineSize, AddressRecords.wordsFor(lineSize));
        this.records = new AddressRecords(lineSize);
        Arrays.fill(lastGeneration, -1);
    }

    @Override
    public String name() {
        return mode.analysisName;
    }

    @Override
    public Requirements requirements() {
        return mode.requirements();
    }

    @Override
    public void subscribe(Handlers on) {
        on.host((h, state) -> window.update(h)).access(this::onAccess);
    }

    @Override
    public LineParts<AllSharing> lineParts() {
        return parts;
    }

    @Override
    public long stateBytes() {
        return lines.stateBytes() + records.bytes();
    }

    private void onAccess(AccessView a, TraceState state) {
        if (!window.active()) {
            return;
        }
        int cpu = a.cpu();
        long addr = a.guestAddr();
        boolean store = a.accessType() != AccessType.LD.code();
        long line = lines.lineSize().lineOf(addr);
        if (!parts.owns(line)) {
            return;
        }
        int p;
        if (lastGeneration[cpu] == lines.generation() && lastLine[cpu] == line) {
            p = lastEntry[cpu];
        } else {
            p = lines.find(line);
        }
        lines.increment(p, cpu, store);
        if (lastGeneration[cpu] != lines.generation()) { // find or increment moved the entries
            p = lines.find(line);
        }
        lastLine[cpu] = line;
        lastEntry[cpu] = p;
        lastGeneration[cpu] = lines.generation();
        int rank = cpu * 2 + (store ? WRITE : READ);
        if (records.mayWin(lines, p, addr, rank)) {
            records.offer(lines, p, addr, rank, a, state);
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        state.checkAccessCpus(); // every line has a count per CPU up to the highest one
        int maxCpu = -1;
        long[] shared = new long[0];
        for (AllSharing part : parts.all()) {
            maxCpu = Math.max(maxCpu, part.lines.maxCpu());
        }
        for (AllSharing part : parts.all()) {
            long[] mine = part.sharedLines(maxCpu);
            int n = shared.length;
            shared = Arrays.copyOf(shared, n + mine.length);
            System.arraycopy(mine, 0, shared, n, mine.length);
        }
        Unsigned.sort(shared);
        out.key(mode.key).beginArray();
        for (long line : shared) {
            for (AllSharing part : parts.all()) {
                if (part.parts.owns(line)) {
                    part.writeLine(out, line, maxCpu);
                    break;
                }
            }
        }
        out.endArray();
    }

    /** One shared line of this instance: its records and its counts for CPUs 0 to {@code maxCpu}. */
    private void writeLine(JsonWriter out, long line, int maxCpu) {
        int p = lines.find(line);
        out.beginObject().key("accesses").beginArray();
        for (PhysicalAccess rec : records.records(lines, p)) {
            json.write(out, rec);
        }
        out.endArray();
        writeCounts(out.key("cpureads"), p, false, maxCpu);
        writeCounts(out.key("cpuwrites"), p, true, maxCpu);
        out.endObject();
    }

    /** Lines written by some CPU and touched by at least two, in table order. */
    private long[] sharedLines(int maxCpu) {
        long[] all = lines.lines();
        int n = 0;
        for (long line : all) {
            int p = lines.find(line);
            boolean written = false;
            int cpus = 0;
            for (int cpu = 0; cpu <= maxCpu; cpu++) {
                long w = lines.count(p, cpu, true);
                written |= w != 0;
                if (w + lines.count(p, cpu, false) != 0) {
                    cpus++;
                }
            }
            if (written && cpus >= 2) {
                all[n++] = line;
            }
        }
        return Arrays.copyOf(all, n);
    }

    private void writeCounts(JsonWriter out, int p, boolean store, int maxCpu) {
        out.beginArray();
        for (int cpu = 0; cpu <= maxCpu; cpu++) {
            out.unsignedValue(lines.count(p, cpu, store));
        }
        out.endArray();
    }
}
