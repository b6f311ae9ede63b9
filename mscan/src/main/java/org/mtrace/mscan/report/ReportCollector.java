package org.mtrace.mscan.report;

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
import org.mtrace.mscan.lines.TransferModel;

/**
 * The report's one pass: every access recorded in the window goes through the transfer model
 * (reset where the log enters movement mode, as the recorder does); each transfer the filters
 * admit is counted in the {@link LineCore} with its PC, CPU, system call and labelled object.
 * The figures the core does not hold (entries, modes, window, timeline, the objects) are kept
 * here. Writes nothing into the engine's document: {@link ReportModel} reads it after
 * {@link #endPass}.
 *
 * <p>In movement mode, where the recorder logged only accesses that moved a line, the accesses
 * are applied a batch at a time ({@link PendingTransfers}); elsewhere, for an access that
 * straddles two lines, and for a while after a batch of mostly non-transfers ({@link Batching}),
 * each one as it is read (after the batch before it).
 */
final class ReportCollector implements Analysis {
    private final LineCore core;
    private final AddressScope scope;
    private final long cpuFilter;
    private final Timeline timeline = new Timeline(TransferModel.MAX_CPUS);
    private final ObjectRegistry objects = new ObjectRegistry();
    private final PendingTransfers pending = new PendingTransfers();
    private long currentMode;
    // per CPU, the object it last hit, the run of addresses the label maps answer it for, and
    // their generation then (see objectAt)
    private final long[] lastGeneration = new long[TransferModel.MAX_CPUS];
    private final int[] lastObject = new int[TransferModel.MAX_CPUS];
    private final int[] lastShape = new int[TransferModel.MAX_CPUS];
    private final long[] lastFirst = new long[TransferModel.MAX_CPUS];
    private final long[] lastLast = new long[TransferModel.MAX_CPUS];
    /** The label of the last {@link PendingTransfers#NEW_OBJECT} {@link #objectAt} found. */
    private int newLabel;
    long accesses;
    long transfers;
    long userTransfers;
    long cpusSeen;
    long modesSeen;
    long firstEntry = -1;
    long lastEntry = -1;

    /**
     * When accesses go into batches ({@link PendingTransfers}); every choice gives the same report
     * (the tests compare them). {@code ADAPTIVE}: in movement mode, except after a batch in which
     * fewer than half of the accesses were transfers (a recording of every access while moving
     * lines, say): then the next {@link #INLINE_RUN} accesses are applied one at a time, since a
     * batch looks up the object of every access it keeps and one at a time only a transfer's.
     */
    enum Batching { ADAPTIVE, ALWAYS, NEVER }

    /** Accesses applied one at a time after a batch of mostly non-transfers, before batching is tried again. */
    static final int INLINE_RUN = 64 * PendingTransfers.BATCH;

    private final Batching batching;
    /** Accesses still to apply one at a time ({@link Batching#ADAPTIVE}). */
    private int inlineFor;

    ReportCollector(LineSize lineSize, Filters filters) {
        this(lineSize, filters, Batching.ADAPTIVE);
    }

    ReportCollector(LineSize lineSize, Filters filters, Batching batching) {
        this.core = new LineCore(lineSize);
        this.scope = filters.scope();
        this.cpuFilter = filters.cpuMask();
        this.batching = batching;
        this.inlineFor = batching == Batching.NEVER ? Integer.MAX_VALUE : 0;
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
        return core.stateBytes() + objects.stateBytes();
    }

    private void onHost(HostView h, TraceState state) {
        applyPending(); // before the model's reset
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
        LineSize lineSize = core.lineSize();
        long last = lineSize.lineOf(addr + Math.max(bytes, 1) - 1);
        long host = a.hostAddr();
        if (inlineFor == 0 && currentMode == RecordMode.MOVEMENT.code() && last == lineSize.lineOf(addr)
                && lineSize.lineOf(host) == lineSize.lineOf(host + Math.max(bytes, 1) - 1)) { // one line, here and in the model
            pend(e, state, host, addr, bytes, cpu, store, a.pc());
            return;
        }
        if (inlineFor > 0 && batching == Batching.ADAPTIVE) {
            inlineFor--;
        }
        applyPending();
        int moved = core.model().accessLines(host, bytes, cpu, store);
        if (moved == 0 || (cpuFilter & (1L << cpu)) == 0) {
            return;
        }
        // an access that straddles two lines moves both in the model: each line that moved counts
        // a transfer of the bytes the access touched in it
        if ((moved & TransferModel.FIRST_LINE) != 0) {
            int inFirst = last == lineSize.lineOf(addr) ? bytes : (int) (last - addr);
            count(e, state, addr, inFirst, cpu, store, a.pc());
        }
        if ((moved & TransferModel.LAST_LINE) != 0) {
            count(e, state, last, (int) (addr + bytes - last), cpu, store, a.pc());
        }
    }

    /** Keeps an access of one line for the batch, with its object if the filters admit it. */
    private void pend(Entry e, TraceState state, long host, long addr, int bytes, int cpu, boolean store, long pc) {
        boolean admitted = (cpuFilter & (1L << cpu)) != 0 && scope.admits(addr);
        int object = admitted ? objectAt(addr, cpu, state, false) : 0;
        int i = pending.add(host, addr, bytes, cpu, store, admitted, pc, state.callPc(cpu), object,
                object > 0 ? lastShape[cpu] : 0, e.index(), e.streamOffset());
        if (object == PendingTransfers.NEW_OBJECT) {
            Labels labels = state.labels();
            pending.newObject(i, labels.labelKind(newLabel), labels.labelStart(newLabel), labels.labelName(newLabel),
                    labels.labelType(newLabel), labels.labelAllocPc(newLabel));
        }
        if (pending.full()) {
            applyPending();
        }
    }

    /**
     * Applies the batch of pending accesses in order: the model, then the core for each transfer
     * the filters admit. After a fault the rest of the batch is dropped, as the accesses after a
     * fault are.
     */
    private void applyPending() {
        int n = pending.size();
        if (n == 0) {
            return;
        }
        TransferModel model = core.model();
        pending.touch(model, core);
        int moved = 0;
        try {
            for (int i = 0; i < n; i++) {
                int cpuAndStore = pending.cpuAndStore[i];
                int cpu = PendingTransfers.cpu(cpuAndStore);
                boolean store = PendingTransfers.store(cpuAndStore);
                if (model.accessLines(pending.hostAddr[i], pending.bytes[i], cpu, store) == 0) {
                    continue; // no transfer
                }
                moved++;
                if (!pending.admitted[i]) {
                    continue; // one the filters leave out
                }
                int object = pending.object[i];
                int shape = pending.shape[i];
                if (object == PendingTransfers.NEW_OBJECT) { // numbered by its first transfer
                    object = objects.register(pending.newKind[i], pending.newStart[i], pending.newName[i],
                            pending.newLabelType[i], pending.newAllocPc[i]);
                    shape = objects.shapeOf(object);
                }
                countTransfer(pending.addr[i], pending.bytes[i], cpu, store, pending.pc[i], pending.syscallPc[i], shape,
                        object, pending.entry[i], pending.streamOffset[i]);
            }
        } finally {
            pending.clear();
        }
        if (batching == Batching.ADAPTIVE && 2 * moved < n) {
            inlineFor = INLINE_RUN;
        }
    }

    private void count(Entry e, TraceState state, long addr, int bytes, int cpu, boolean store, long pc) {
        if (!scope.admits(addr)) {
            return;
        }
        int object = objectAt(addr, cpu, state, true);
        countTransfer(addr, bytes, cpu, store, pc, state.callPc(cpu), object == 0 ? 0 : lastShape[cpu], object,
                e.index(), e.streamOffset());
    }

    private void countTransfer(long addr, int bytes, int cpu, boolean store, long pc, long syscallPc, int shape,
            int object, long entry, long streamOffset) {
        transfers++;
        if (KernelLayout.isUser(addr)) {
            userTransfers++;
        }
        timeline.count(cpu, entry);
        try {
            core.count(addr, bytes, cpu, store, pc, syscallPc, shape, object);
        } catch (IllegalStateException x) {
            throw new AnalysisException("the access entry " + entry + " at byte offset " + streamOffset + ": "
                    + x.getMessage() + " for the report's keys");
        }
    }

    /**
     * The id of the labelled object at {@code addr} (0: none), its shape in {@code lastShape[cpu]};
     * an object not numbered yet is numbered if {@code number}, else the answer is
     * {@link PendingTransfers#NEW_OBJECT} with its label in {@link #newLabel}. Each CPU remembers
     * its last answer with the run of addresses the label maps give that answer for
     * ({@link Labels#runFirst}) and their generation, so runs of transfers into one object skip
     * the lookup. (Not the object's bytes: the maps may answer with another label inside them, a
     * heap object inside a page block, and a cache by the object's bytes put 0.2 % of vm_area_struct's
     * transfers on exim over Debian's 6.1 kernel into the wrong object.)
     */
    private int objectAt(long addr, int cpu, TraceState state, boolean number) {
        long generation = state.labels().generation();
        if (lastGeneration[cpu] == generation && lastObject[cpu] != 0
                && Long.compareUnsigned(addr - lastFirst[cpu], lastLast[cpu] - lastFirst[cpu]) <= 0) {
            return lastObject[cpu];
        }
        Labels labels = state.labels();
        int o = labels.labelAt(addr);
        if (o == LabelMaps.NO_LABEL) {
            return 0;
        }
        long start = labels.labelStart(o);
        int kind = labels.labelKind(o);
        int id = objects.find(kind, start);
        if (id == 0) {
            if (!number) {
                newLabel = o;
                return PendingTransfers.NEW_OBJECT;
            }
            id = objects.register(kind, start, labels.labelName(o), labels.labelType(o), labels.labelAllocPc(o));
        }
        lastGeneration[cpu] = generation;
        lastObject[cpu] = id;
        lastShape[cpu] = objects.shapeOf(id);
        lastFirst[cpu] = labels.runFirst();
        lastLast[cpu] = labels.runLast();
        return id;
    }

    /**
     * The pass is over: applies the last batch (which may throw an {@link AnalysisException} for a
     * fault in it, as the pass would have) and lets the tables only the pass needs go.
     */
    void endPass() {
        try {
            applyPending();
        } finally {
            core.endPass();
        }
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
        return objects.shape(id);
    }

    /** The number of shapes (their ids are 1 to this). */
    int shapes() {
        return objects.shapes();
    }

    /** The start of object {@code id} (1 up). */
    long objectStart(int id) {
        return objects.start(id);
    }

    /** The label name of object {@code id} (1 up). */
    String objectName(int id) {
        return objects.name(id);
    }
}
