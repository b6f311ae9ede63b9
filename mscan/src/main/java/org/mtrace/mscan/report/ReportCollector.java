package org.mtrace.mscan.report;

import java.util.Arrays;
import java.util.List;
import org.mtrace.format.AccessView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
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
import org.mtrace.mscan.lines.ContextSightings;
import org.mtrace.mscan.lines.LineCore;
import org.mtrace.mscan.lines.LineSize;
import org.mtrace.mscan.lines.TransferModel;

/**
 * The report's one pass: every access recorded in the window goes through the transfer model
 * (reset where the log enters movement mode, as the recorder does); each transfer the filters
 * admit is counted in the {@link LineCore} with its PC, CPU, system call and labelled object
 * ({@link TransferCounter}). The figures the counter does not hold (entries, modes, window) are
 * kept here. Writes nothing into the engine's document: {@link ReportModel} reads it after
 * {@link #endPass}.
 *
 * <p>In movement mode, where the recorder logged only accesses that moved a line, the accesses
 * go in chunks ({@link PendingTransfers}) to a second thread that counts them
 * ({@link ApplyingThread}) while this one reads on; elsewhere, and for a while after chunks of
 * mostly non-transfers ({@link Batching}), each one is applied as it is read (after the chunks
 * before it), so that only a transfer's object is looked up.
 */
final class ReportCollector implements Analysis {
    private final TransferCounter counter;
    private final AddressScope scope;
    private final long cpuFilter;
    private final SyscallGate syscalls;
    private final ApplyingThread applying;
    /** The chunk being filled (null until the first access that goes in one). */
    private PendingTransfers chunk;
    /** The contexts of the accesses put into chunks, numbered here so that the counting thread need not look them up. */
    private final ContextSightings contexts = new ContextSightings();
    /** The call stacks of the accesses (logs with call entries only). */
    private final CallStackIds stacks = new CallStackIds();
    private long currentMode;
    // per CPU, the label it last found, the run of addresses the label maps answer it for, and
    // their generation then (see labelAt)
    private final long[] lastGeneration = new long[TransferModel.MAX_CPUS];
    private final long[] lastFirst = new long[TransferModel.MAX_CPUS];
    private final long[] lastLast = new long[TransferModel.MAX_CPUS];
    /** The label of each CPU's last {@link #labelAt} (entry {@code cpu}). */
    private final ObjectLabel lastLabel = new ObjectLabel(TransferModel.MAX_CPUS);
    /** Per CPU, the thread whose stack its last label is (-1: not a task's stack). */
    private final long[] lastStackOwner = new long[TransferModel.MAX_CPUS];
    private final RunningThreads threads = new RunningThreads();
    long accesses;
    /** Accesses made by user code (a user-space PC): all of them in a log recorded with {@code --scope=user}. */
    long userCodeAccesses;
    long cpusSeen;
    long modesSeen;
    long firstEntry = -1;
    long lastEntry = -1;

    /**
     * When accesses go into chunks; every choice gives the same report (the tests compare them).
     * {@code ADAPTIVE}: in movement mode, except after chunks in which fewer than half of the
     * accesses were transfers (a recording of every access while moving lines, say): then the
     * next {@link #INLINE_RUN} accesses are applied one at a time, since a chunk carries the
     * object of every access and one at a time only a transfer's is looked up.
     */
    enum Batching { ADAPTIVE, ALWAYS, NEVER }

    /** Accesses applied one at a time after chunks of mostly non-transfers, before chunks are tried again. */
    static final int INLINE_RUN = 16 * PendingTransfers.CHUNK;
    /** Task entries' types (FORMAT.md 5.8) that name a thread: its start, its exec. */
    private static final long TASK_INIT = 1;
    private static final long TASK_UPDATE = 2;
    private static final long TASK_EXIT = 3;

    private final Batching batching;
    /** Accesses still to apply one at a time ({@link Batching#ADAPTIVE}). */
    private int inlineFor;

    /**
     * A collector batching as {@code batching} says, in chunks of {@code chunkCapacity} (at least 2)
     * accesses, applied on a thread of their own if {@code threaded} (on one processor, not), keeping
     * at most {@code stackTuples} call-stack tuples in a table ({@link SiteStacks}).
     */
    ReportCollector(LineSize lineSize, Filters filters, Batching batching, int chunkCapacity, boolean threaded,
            int stackTuples) {
        this.counter = new TransferCounter(lineSize, stackTuples);
        this.applying = new ApplyingThread(counter, Math.max(2, chunkCapacity), threaded);
        this.scope = filters.scope();
        this.cpuFilter = filters.cpuMask();
        this.syscalls = new SyscallGate(filters.syscalls());
        this.batching = batching;
        this.inlineFor = batching == Batching.NEVER ? Integer.MAX_VALUE : 0;
        Arrays.fill(lastStackOwner, -1);
    }

    @Override
    public String name() {
        return "report";
    }

    @Override
    public void subscribe(Handlers on) {
        on.recordedAccess(this::onAccess).host(this::onHost).sched((s, state) -> threads.scheduled(s.cpu(), s.tid()))
                .task((t, state) -> {
                    if (t.taskType() == TASK_INIT) {
                        threads.started(t.tid(), t.str());
                    } else if (t.taskType() == TASK_UPDATE) {
                        threads.named(t.tid(), t.str());
                    } else if (t.taskType() == TASK_EXIT) {
                        threads.ended(t.tid());
                    }
                });
    }

    @Override
    public Requirements requirements() {
        return Requirements.recording();
    }

    /** The missing-notes of {@code --syscall} and {@code --exclude-syscall} names the log never showed. */
    List<String> unmatchedSyscalls(boolean kernelImage) {
        return syscalls.unmatched(kernelImage);
    }

    @Override
    public long stateBytes() {
        return counter.stateBytes() + contexts.stateBytes();
    }

    private void onHost(HostView h, TraceState state) {
        drain(); // before the model's reset
        long mode = state.recordMode();
        if (mode == RecordMode.MOVEMENT.code() && currentMode != mode) {
            counter.core().model().reset(); // FORMAT.md 6.3: entering movement mode puts every line in every cache
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
        if (KernelLayout.isUser(a.pc())) {
            userCodeAccesses++;
        }
        cpusSeen |= 1L << cpu;
        modesSeen |= 1L << state.recordMode();
        if (firstEntry < 0) {
            firstEntry = e.index();
        }
        lastEntry = e.index();
        boolean store = a.accessType() != 1; // st and iw store; ld loads (FORMAT.md 5.2)
        long addr = a.guestAddr();
        int bytes = a.bytes();
        LineSize lineSize = counter.core().lineSize();
        long last = lineSize.lineOf(addr + Math.max(bytes, 1) - 1);
        long host = a.hostAddr();
        boolean oneLine = last == lineSize.lineOf(addr)
                && lineSize.lineOf(host) == lineSize.lineOf(host + Math.max(bytes, 1) - 1); // here and in the model
        // an access that straddles two lines moves both in the model: each line that moved counts
        // a transfer of the bytes the access touched in it
        int inFirst = last == lineSize.lineOf(addr) ? bytes : (int) (last - addr);
        // --cpu and --syscall: who made the access (the address scope is asked per line part)
        boolean countable = syscalls.admits(cpu, state.callPc(cpu), state.attribution()) && (cpuFilter & (1L << cpu)) != 0;
        // two methods, not one: compiled into this one, the path that ran less often took the
        // compiler's inlining budget from the other (the model's probe was left a call)
        if (inlineFor == 0 && currentMode == RecordMode.MOVEMENT.code()) {
            pendAccess(a, state, cpu, store, addr, bytes, host, last, oneLine, inFirst, countable);
            return;
        }
        if (inlineFor > 0 && batching == Batching.ADAPTIVE) {
            inlineFor--;
        }
        applyAccess(a, state, cpu, store, addr, bytes, host, last, oneLine, inFirst, countable);
    }

    /** Puts an access into the chunk being filled, for the counting thread to run through the model and count. */
    private void pendAccess(AccessView a, TraceState state, int cpu, boolean store, long addr, int bytes, long host,
            long last, boolean oneLine, int inFirst, boolean countable) {
        Entry e = a.entry();
        long syscallPc = state.callPc(cpu);
        int context = countable ? contexts.idOf(a.pc(), syscallPc, cpu, store) : -1;
        int stack = countable ? stackOf(cpu, state) : 0;
        if (chunk == null || !chunk.hasRoom(oneLine ? 1 : 2)) { // a straddle's two records in one chunk
            submit();
        }
        pend(e, state, oneLine ? PendingTransfers.ONE_LINE : PendingTransfers.STRADDLE, host, bytes, addr, inFirst,
                cpu, store, countable, a.pc(), syscallPc, context, stack);
        if (!oneLine) {
            pend(e, state, PendingTransfers.SECOND, host, bytes, last, (int) (addr + bytes - last), cpu, store,
                    countable, a.pc(), syscallPc, context, stack);
        }
    }

    /** Runs an access through the model and counts it here, once the counting thread is idle. */
    private void applyAccess(AccessView a, TraceState state, int cpu, boolean store, long addr, int bytes, long host,
            long last, boolean oneLine, int inFirst, boolean countable) {
        drain();
        int moved = counter.core().model().accessLines(host, bytes, cpu, store);
        if (!countable) {
            return;
        }
        if (moved == 0) {
            still(addr, inFirst, cpu, store);
            if (!oneLine) {
                still(last, (int) (addr + bytes - last), cpu, store);
            }
            return;
        }
        if ((moved & TransferModel.FIRST_LINE) != 0) {
            count(a.entry(), state, addr, inFirst, cpu, store, a.pc());
        }
        if ((moved & TransferModel.LAST_LINE) != 0) {
            count(a.entry(), state, last, (int) (addr + bytes - last), cpu, store, a.pc());
        }
    }

    /** Puts a record of an access into the chunk, with the label at its address if the filters admit it. */
    private void pend(Entry e, TraceState state, byte part, long host, int bytes, long addr, int countBytes, int cpu,
            boolean store, boolean countable, long pc, long syscallPc, int context, int stack) {
        boolean admitted = countable && scope.admits(addr);
        int i = chunk.add(part, host, bytes, addr, countBytes, cpu, store, admitted, pc, syscallPc, context, stack,
                programOf(pc, cpu), e.index(), e.streamOffset());
        if (admitted && labelAt(addr, cpu, state)) {
            chunk.label.copy(i, lastLabel, cpu);
            chunk.label.stackUse[i] = stackUse(cpu);
        }
    }

    /** Hands the chunk being filled (if any) to the counting thread and takes an empty one. */
    private void submit() {
        try {
            chunk = chunk == null ? applying.empty() : applying.submit(chunk);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing accesses to the report's counting thread", x);
        }
        if (batching == Batching.ADAPTIVE && applying.mostlyStill()) {
            inlineFor = INLINE_RUN;
        }
    }

    /** Applies every access handed to the counting thread: the counter is then this thread's. */
    private void drain() {
        try {
            if (chunk != null && chunk.size() > 0) {
                chunk = applying.submit(chunk);
            }
            applying.drain();
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the report's counting thread", x);
        }
    }

    /** Counts one line's part of an access applied as it is read, if the address scope admits it. */
    private void count(Entry e, TraceState state, long addr, int bytes, int cpu, boolean store, long pc) {
        if (!scope.admits(addr)) {
            return;
        }
        boolean labelled = labelAt(addr, cpu, state);
        if (labelled) {
            lastLabel.stackUse[cpu] = stackUse(cpu);
        }
        counter.count(addr, bytes, cpu, store, pc, state.callPc(cpu), -1, stackOf(cpu, state), programOf(pc, cpu),
                labelled ? lastLabel : null, cpu, e.index(), e.streamOffset());
    }

    /** The id of the call stack {@code cpu} runs under (0: none; always 0 in a log without call entries). */
    private int stackOf(int cpu, TraceState state) {
        return state.logHas(EntryType.CALL) ? stacks.idOf(cpu, state.calls().current(cpu)) : 0;
    }

    /** The call stacks of the transfers (read after the pass). */
    CallStackIds callStacks() {
        return stacks;
    }

    /** Applies a line's part of an access that moved no line as it is read: its bytes only ({@link LineCore#still}). */
    private void still(long addr, int bytes, int cpu, boolean store) {
        if (scope.admits(addr)) {
            counter.core().still(addr, bytes, cpu, store);
        }
    }

    /** Who makes {@code cpu}'s access to the object of its last label, if that is a task's stack ({@link ObjectLabel#stackUse}). */
    private byte stackUse(int cpu) {
        long owner = lastStackOwner[cpu];
        long running = threads.thread(cpu);
        return owner < 0 ? ObjectLabel.NOT_A_STACK : running < 0 ? ObjectLabel.UNKNOWN_TASK
                : running == owner ? ObjectLabel.OWN_TASK : threads.hasEnded(owner) ? ObjectLabel.EXITED_TASK
                : ObjectLabel.OTHER_TASK;
    }

    /** For user code at {@code pc}, the name of the thread {@code cpu} runs ({@link UserPrograms}); else null. */
    private String programOf(long pc, int cpu) {
        return KernelLayout.isUser(pc) ? threads.name(cpu) : null;
    }

    /** The program that ran user-space PC {@code pc} (read after the pass; {@link UserPrograms#programOf}). */
    String programOf(long pc) {
        return counter.programs().programOf(pc);
    }

    /**
     * Whether a label names an object at {@code addr}; if so its facts are entry {@code cpu} of
     * {@link #lastLabel}. Each CPU remembers its last answer with the run of addresses the label
     * maps give that answer for ({@link Labels#runFirst}) and their generation, so runs of accesses
     * into one object skip the lookup. (Not the object's bytes: the maps may answer with another
     * label inside them, a heap object inside a page block, and a cache by the object's bytes put
     * 0.2 % of vm_area_struct's transfers on exim over Debian's 6.1 kernel into the wrong object.)
     */
    private boolean labelAt(long addr, int cpu, TraceState state) {
        Labels labels = state.labels();
        long generation = labels.generation();
        if (lastGeneration[cpu] == generation && lastLabel.kind[cpu] != ObjectLabel.NONE
                && Long.compareUnsigned(addr - lastFirst[cpu], lastLast[cpu] - lastFirst[cpu]) <= 0) {
            return true;
        }
        int o = labels.labelAt(addr);
        if (o == LabelMaps.NO_LABEL) {
            return false;
        }
        lastGeneration[cpu] = generation;
        lastFirst[cpu] = labels.runFirst();
        lastLast[cpu] = labels.runLast();
        lastLabel.set(cpu, labels.labelKind(o), labels.labelStart(o), labels.labelName(o), labels.labelType(o),
                labels.labelAllocPc(o), labels.labelBytes(o));
        lastStackOwner[cpu] = labels.labelType(o) == LabelMaps.BLOCK ? RegionLabel.taskStackOwner(labels.labelName(o)) : -1;
        return true;
    }

    /**
     * The pass is over: applies the last chunks (which may throw an {@link AnalysisException} for a
     * fault in them, as the pass would have), stops the counting thread and lets the tables only
     * the pass needs go.
     */
    void endPass() {
        try {
            drain();
        } finally {
            close();
            counter.core().endPass();
        }
    }

    /** Stops the counting thread, dropping what it has not applied (the pass was abandoned); idempotent. */
    void close() {
        try {
            applying.stop();
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        // the report renders its own document (ReportModel, ReportJson)
    }

    LineCore core() {
        return counter.core();
    }

    Timeline timeline() {
        return counter.timeline();
    }

    /** The transfers per call stack of each line's code sites (after the pass). */
    SiteStacks siteStacks() {
        return counter.stacks();
    }

    long transfers() {
        return counter.transfers;
    }

    long userTransfers() {
        return counter.userTransfers;
    }

    /** The transfers on tasks' stacks, by who made them. */
    Report.TaskStacks taskStacks() {
        return counter.stackTransfers.summary();
    }

    /** The shape of a key (1 up), or null for 0 (unlabelled). */
    Shape shape(long id) {
        return counter.objects().shape(id);
    }

    /** The number of shapes (their ids are 1 to this). */
    int shapes() {
        return counter.objects().shapes();
    }

    /** The number of objects that moved (their ids are 1 to this). */
    int objects() {
        return counter.objects().objects();
    }

    /** The shape id of object {@code id} (1 up). */
    int objectShape(int id) {
        return counter.objects().shapeOf(id);
    }

    /** The start of object {@code id} (1 up). */
    long objectStart(int id) {
        return counter.objects().start(id);
    }

    /** The length of the labels that named the objects of object {@code id}'s label kind (1 up), or -1 if they differed. */
    long objectKindBytes(int id) {
        return counter.objects().kindBytes(id);
    }

    /** The label name of object {@code id} (1 up). */
    String objectName(int id) {
        return counter.objects().name(id);
    }
}
