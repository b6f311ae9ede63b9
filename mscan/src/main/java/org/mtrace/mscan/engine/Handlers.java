package org.mtrace.mscan.engine;

import java.util.ArrayList;
import java.util.List;
import org.mtrace.format.AccessView;
import org.mtrace.format.AppdataView;
import org.mtrace.format.AscopeView;
import org.mtrace.format.AvarView;
import org.mtrace.format.CallView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.FcallView;
import org.mtrace.format.GcView;
import org.mtrace.format.GcepochView;
import org.mtrace.format.HostView;
import org.mtrace.format.LabelView;
import org.mtrace.format.LockView;
import org.mtrace.format.MachineView;
import org.mtrace.format.SchedView;
import org.mtrace.format.SegmentView;
import org.mtrace.format.TaskView;

/**
 * The entry types an analysis wants and what it does with each, registered once before the pass
 * ({@link Analysis#subscribe}): {@code on.recordedAccess(this::onAccess).host(this::onHost)}.
 * The engine puts the handlers into its per-type dispatch arrays and hands each the entry's typed
 * view, so an analysis never switches on the type again; types nobody registered for cost nothing.
 * An analysis may register several handlers for one type; they run in registration order.
 */
public final class Handlers {
    /** One registration: the handler of one entry type. */
    record Registration(EntryType type, EntryHandler<Object> handler, boolean whileRecording) {
    }

    private final List<Registration> registrations = new ArrayList<>();

    Handlers() {
    }

    List<Registration> registrations() {
        return registrations;
    }

    @SuppressWarnings("unchecked")
    private Handlers add(EntryType type, EntryHandler<?> handler, boolean whileRecording) {
        registrations.add(new Registration(type, (EntryHandler<Object>) handler, whileRecording));
        return this;
    }

    /**
     * Access entries while recording is enabled (any mode: {@link TraceState#recordingEnabled()}),
     * the common case: the engine tests the enable state, the handler need not.
     */
    public Handlers recordedAccess(EntryHandler<AccessView> h) {
        return add(EntryType.ACCESS, h, true);
    }

    /** Every access entry, recording enabled or not. */
    public Handlers access(EntryHandler<AccessView> h) {
        return add(EntryType.ACCESS, h, false);
    }

    public Handlers label(EntryHandler<LabelView> h) {
        return add(EntryType.LABEL, h, false);
    }

    public Handlers host(EntryHandler<HostView> h) {
        return add(EntryType.HOST, h, false);
    }

    public Handlers fcall(EntryHandler<FcallView> h) {
        return add(EntryType.FCALL, h, false);
    }

    public Handlers segment(EntryHandler<SegmentView> h) {
        return add(EntryType.SEGMENT, h, false);
    }

    public Handlers call(EntryHandler<CallView> h) {
        return add(EntryType.CALL, h, false);
    }

    public Handlers lock(EntryHandler<LockView> h) {
        return add(EntryType.LOCK, h, false);
    }

    public Handlers task(EntryHandler<TaskView> h) {
        return add(EntryType.TASK, h, false);
    }

    public Handlers sched(EntryHandler<SchedView> h) {
        return add(EntryType.SCHED, h, false);
    }

    public Handlers machine(EntryHandler<MachineView> h) {
        return add(EntryType.MACHINE, h, false);
    }

    public Handlers appdata(EntryHandler<AppdataView> h) {
        return add(EntryType.APPDATA, h, false);
    }

    public Handlers ascope(EntryHandler<AscopeView> h) {
        return add(EntryType.ASCOPE, h, false);
    }

    public Handlers avar(EntryHandler<AvarView> h) {
        return add(EntryType.AVAR, h, false);
    }

    public Handlers gc(EntryHandler<GcView> h) {
        return add(EntryType.GC, h, false);
    }

    public Handlers gcepoch(EntryHandler<GcepochView> h) {
        return add(EntryType.GCEPOCH, h, false);
    }

    /**
     * The typed view of {@code e} for its type code (1..15), the argument every handler of that
     * type receives. One switch per entry, however many handlers run.
     */
    static Object view(Entry e, int code) {
        return switch (code) {
            case 1 -> e.asLabel();
            case 2 -> e.asAccess();
            case 3 -> e.asHost();
            case 4 -> e.asFcall();
            case 5 -> e.asSegment();
            case 6 -> e.asCall();
            case 7 -> e.asLock();
            case 8 -> e.asTask();
            case 9 -> e.asSched();
            case 10 -> e.asMachine();
            case 11 -> e.asAppdata();
            case 12 -> e.asAscope();
            case 13 -> e.asAvar();
            case 14 -> e.asGc();
            case 15 -> e.asGcepoch();
            default -> throw new IllegalArgumentException("no entry type has code " + code);
        };
    }
}
