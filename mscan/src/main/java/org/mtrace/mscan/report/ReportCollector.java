package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.List;
import org.mtrace.format.AccessView;
import org.mtrace.format.Entry;
import org.mtrace.format.HostView;
import org.mtrace.format.RecordMode;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisException;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.KernelLayout;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.labels.Labels;
import org.mtrace.mscan.lines.LineCore;
import org.mtrace.mscan.lines.LineSize;
import org.mtrace.mscan.lines.PairIndex;
import org.mtrace.mscan.lines.TransferModel;

/**
 * The report's one pass: every access recorded in the window goes through the transfer model
 * (reset where the log enters movement mode, as the recorder does); each transfer the filters
 * admit is counted in the {@link LineCore} with its PC, CPU, system call and labelled object.
 * The figures the core does not hold (entries, modes, window, timeline, the objects' labels) are
 * kept here. Writes nothing into the engine's document: {@link ReportModel} reads it afterwards.
 */
final class ReportCollector implements Analysis {
    /** What the report needs to know of a labelled object, captured when it is first seen. */
    record ObjectInfo(String name, long start, int labelType, long allocPc) {
    }

    private final LineCore core;
    private final AddressScope scope;
    private final long cpuFilter;
    private final Timeline timeline = new Timeline(TransferModel.MAX_CPUS);
    /** Objects by (label kind, start): label-map ids are not unique (0 outside the original's numbering). */
    private final PairIndex objectIds = new PairIndex();
    private final List<ObjectInfo> objects = new ArrayList<>();
    private long currentMode;
    private final long[] lastGeneration = new long[TransferModel.MAX_CPUS];
    private final long[] lastObject = new long[TransferModel.MAX_CPUS];
    private final long[] lastStart = new long[TransferModel.MAX_CPUS];
    private final long[] lastBytes = new long[TransferModel.MAX_CPUS];
    long accesses;
    long transfers;
    long userTransfers;
    long cpusSeen;
    long modesSeen;
    long firstEntry = -1;
    long lastEntry = -1;

    ReportCollector(LineSize lineSize, Filters filters) {
        this.core = new LineCore(lineSize);
        this.scope = filters.scope();
        this.cpuFilter = filters.cpuMask();
    }

    @Override
    public String name() {
        return "report";
    }

    @Override
    public void subscribe(Handlers on) {
        on.recordedAccess(this::onAccess).host(this::onHost);
    }

    @Override
    public Requirements requirements() {
        return Requirements.recording();
    }

    @Override
    public long stateBytes() {
        return core.stateBytes() + objectIds.stateBytes() + 96L * objects.size();
    }

    private void onHost(HostView h, TraceState state) {
        long mode = state.recordMode();
        if (mode == RecordMode.MOVEMENT.code() && currentMode != mode) {
            core.reset(); // FORMAT.md 6.3: entering movement mode puts every line in every cache
        }
        currentMode = mode;
    }

    private void onAccess(AccessView a, TraceState state) {
        Entry e = a.entry();
        int cpu = e.cpu();
        if (cpu >= TransferModel.MAX_CPUS) {
            throw new AnalysisException("the access entry " + e.index() + " at byte offset " + e.streamOffset()
                    + " names CPU " + cpu + ": the report models at most " + TransferModel.MAX_CPUS + " CPUs");
        }
        accesses++;
        cpusSeen |= 1L << cpu;
        modesSeen |= 1L << state.recordMode();
        if (firstEntry < 0) {
            firstEntry = e.index();
        }
        lastEntry = e.index();
        boolean store = a.accessType() != 1; // st and iw store; ld loads (FORMAT.md 5.2)
        long addr = a.guestAddr();
        int bytes = a.bytes();
        int moved = core.access(a.hostAddr(), addr, bytes, cpu, store);
        if (moved == 0 || (cpuFilter & (1L << cpu)) == 0) {
            return;
        }
        // an access that straddles two lines moves both in the model: each line that moved counts
        // a transfer of the bytes the access touched in it
        LineSize lineSize = core.lineSize();
        long last = lineSize.lineOf(addr + Math.max(bytes, 1) - 1);
        if ((moved & TransferModel.FIRST_LINE) != 0) {
            int inFirst = last == lineSize.lineOf(addr) ? bytes : (int) (last - addr);
            count(e, state, addr, inFirst, cpu, store, a.pc());
        }
        if ((moved & TransferModel.LAST_LINE) != 0) {
            count(e, state, last, (int) (addr + bytes - last), cpu, store, a.pc());
        }
    }

    private void count(Entry e, TraceState state, long addr, int bytes, int cpu, boolean store, long pc) {
        if (!scope.admits(addr)) {
            return;
        }
        transfers++;
        if (KernelLayout.isUser(addr)) {
            userTransfers++;
        }
        timeline.count(cpu, e.index());
        try {
            core.count(addr, bytes, cpu, store, pc, state.callPc(cpu), objectAt(addr, cpu, state));
        } catch (IllegalStateException x) {
            throw new AnalysisException("the access entry " + e.index() + " at byte offset " + e.streamOffset()
                    + ": " + x.getMessage() + " for the report's keys");
        }
    }

    /**
     * The id of the labelled object at {@code addr} (0: none). The object a CPU last hit is
     * remembered with the label maps' generation, so runs of transfers into one object skip the
     * label lookup.
     */
    private long objectAt(long addr, int cpu, TraceState state) {
        long generation = state.labels().generation();
        if (lastGeneration[cpu] == generation && lastObject[cpu] != 0 && addr - lastStart[cpu] >= 0
                && addr - lastStart[cpu] < lastBytes[cpu]) {
            return lastObject[cpu];
        }
        Labels labels = state.labels();
        int o = labels.labelAt(addr);
        if (o == LabelMaps.NO_LABEL) {
            return 0;
        }
        long start = labels.labelStart(o);
        long id = objectIds.idOf(labels.labelKind(o), start) + 1;
        if (id > objects.size()) { // once per object, not per access
            objects.add(new ObjectInfo(labels.labelName(o), start, labels.labelType(o), labels.labelAllocPc(o)));
        }
        lastGeneration[cpu] = generation;
        lastObject[cpu] = id;
        lastStart[cpu] = start;
        lastBytes[cpu] = labels.labelBytes(o);
        return id;
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        // the report renders its own document (ReportModel, ReportJson)
    }

    LineCore core() {
        return core;
    }

    Timeline timeline() {
        return timeline;
    }

    /** The object of an OBJECT key's value (1 up), or null for 0 (unlabelled). */
    ObjectInfo object(long id) {
        return id == 0 ? null : objects.get((int) id - 1);
    }
}
