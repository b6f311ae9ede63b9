package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.mtrace.mscan.kernel.RegionLabel;
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
    /**
     * What a label says of the objects it names, as far as a description by type and field needs it:
     * the keys count transfers per shape, not per object (see {@link org.mtrace.mscan.lines.Key}).
     * {@code name} is the label's name, or for a name the recorder gave by purpose and owner
     * ({@code stack of 812 (rm)}) its purpose alone: such labels describe no type, and one shape per
     * owner made most of the keys on recordings with many processes (16.3 M keys instead of 9.6 M on
     * a 28.5 M-transfer recording of exim on Debian's 6.1 kernel).
     */
    record Shape(String name, int labelType, long allocPc, RegionLabel.Purpose purpose) {
        static Shape of(String name, int labelType, long allocPc) {
            RegionLabel.Purpose purpose = RegionLabel.of(name);
            return new Shape(purpose == null ? name : "(" + purpose.what() + ")", labelType, allocPc, purpose);
        }

        /** What its objects are, for grouping: the purpose alone for a purpose-named label ("task stack"), else the name. */
        String what() {
            return purpose == null ? name : purpose.what();
        }
    }

    private final LineCore core;
    private final AddressScope scope;
    private final long cpuFilter;
    private final Timeline timeline = new Timeline(TransferModel.MAX_CPUS);
    /** Objects by (label kind, start): label-map ids are not unique (0 outside the original's numbering). */
    private final PairIndex objectIds = new PairIndex();
    // per object id - 1: its start, its label kind (name and allocation site) and its shape, from the
    // label that named it first
    private long[] objectStart = new long[1024];
    private int[] objectKind = new int[1024];
    private int[] objectShape = new int[1024];
    private int objectCount;
    // a direct-mapped cache of object ids in front of objectIds, whose table of millions of objects
    // misses the CPU caches: per slot (label kind, start) and the id (0: empty)
    private static final int OBJECT_CACHE = 1 << 15;
    private final long[] cachedStart = new long[OBJECT_CACHE];
    private final long[] cachedKindAndId = new long[OBJECT_CACHE];
    /** Label names by label kind (the label maps' dense (name, allocation site) numbers). */
    private final List<String> nameOfKind = new ArrayList<>();
    /** Shapes by id - 1, and back. */
    private final List<Shape> shapes = new ArrayList<>();
    private final Map<Shape, Integer> shapeIds = new HashMap<>();
    private long currentMode;
    private final long[] lastGeneration = new long[TransferModel.MAX_CPUS];
    private final int[] lastObject = new int[TransferModel.MAX_CPUS];
    private final int[] lastShape = new int[TransferModel.MAX_CPUS];
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
        return core.stateBytes() + objectIds.stateBytes() + 16L * objectStart.length + 64L * shapes.size();
    }

    private void onHost(HostView h, TraceState state) {
        long mode = state.recordMode();
        if (mode == RecordMode.MOVEMENT.code() && currentMode != mode) {
            core.model().reset(); // FORMAT.md 6.3: entering movement mode puts every line in every cache
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
        int moved = core.model().accessLines(a.hostAddr(), bytes, cpu, store);
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
            int object = objectAt(addr, cpu, state);
            core.count(addr, bytes, cpu, store, pc, state.callPc(cpu), object == 0 ? 0 : lastShape[cpu], object);
        } catch (IllegalStateException x) {
            throw new AnalysisException("the access entry " + e.index() + " at byte offset " + e.streamOffset()
                    + ": " + x.getMessage() + " for the report's keys");
        }
    }

    /**
     * The id of the labelled object at {@code addr} (0: none), its shape in {@code lastShape[cpu]}.
     * The object a CPU last hit is remembered with the label maps' generation, so runs of transfers
     * into one object skip the label lookup.
     */
    private int objectAt(long addr, int cpu, TraceState state) {
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
        int kind = labels.labelKind(o);
        int slot = PairIndex.hash(kind, start) & (OBJECT_CACHE - 1);
        long tag = cachedKindAndId[slot];
        int id;
        if (tag != 0 && cachedStart[slot] == start && (int) (tag >>> 32) == kind) {
            id = (int) tag;
        } else {
            id = objectIds.idOf(kind, start) + 1;
            if (id > objectCount) { // once per object, not per access
                addObject(start, kind, labels.labelName(o), labels.labelType(o), labels.labelAllocPc(o));
            }
            cachedStart[slot] = start;
            cachedKindAndId[slot] = (long) kind << 32 | id;
        }
        lastGeneration[cpu] = generation;
        lastObject[cpu] = id;
        lastShape[cpu] = objectShape[id - 1];
        lastStart[cpu] = start;
        lastBytes[cpu] = labels.labelBytes(o);
        return id;
    }

    private void addObject(long start, int kind, String name, int labelType, long allocPc) {
        int i = objectCount++;
        if (i == objectStart.length) {
            int n = i + (i >> 1);
            objectStart = Arrays.copyOf(objectStart, n);
            objectKind = Arrays.copyOf(objectKind, n);
            objectShape = Arrays.copyOf(objectShape, n);
        }
        objectStart[i] = start;
        objectKind[i] = kind;
        objectShape[i] = shapeOf(Shape.of(name, labelType, allocPc));
        while (nameOfKind.size() <= kind) {
            nameOfKind.add(null);
        }
        nameOfKind.set(kind, name);
    }

    private int shapeOf(Shape s) {
        Integer id = shapeIds.get(s);
        if (id == null) {
            shapes.add(s);
            id = shapes.size();
            shapeIds.put(s, id);
        }
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

    /** The shape of a key (1 up), or null for 0 (unlabelled). */
    Shape shape(long id) {
        return id == 0 ? null : shapes.get((int) id - 1);
    }

    /** The number of shapes (their ids are 1 to this). */
    int shapes() {
        return shapes.size();
    }

    /** The start of object {@code id} (1 up). */
    long objectStart(int id) {
        return objectStart[id - 1];
    }

    /** The label name of object {@code id} (1 up). */
    String objectName(int id) {
        return nameOfKind.get(objectKind[id - 1]);
    }
}
