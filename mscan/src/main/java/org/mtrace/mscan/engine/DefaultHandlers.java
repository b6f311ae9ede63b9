package org.mtrace.mscan.engine;

import org.mtrace.format.CallView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.FcallState;
import org.mtrace.format.FcallView;
import org.mtrace.format.HostView;
import org.mtrace.format.LabelView;
import org.mtrace.format.SegmentView;
import org.mtrace.format.StringInterner;
import org.mtrace.mscan.kernel.ModuleRegionLabel;
import org.mtrace.mscan.labels.LabelMaps;

/**
 * The original's default handlers and CallTrace (MSCAN.md §3, §4, §5.1): they update
 * {@link TraceState} for every entry before any analysis sees it.
 */
final class DefaultHandlers {
    private static final int APP_NAME_BYTES = 32;
    // type codes as switch constants (checked against EntryType in the static block below)
    private static final int LABEL = 1;
    private static final int HOST = 3;
    private static final int FCALL = 4;
    private static final int SEGMENT = 5;
    private static final int CALL = 6;
    private static final int MACHINE = 10;
    private static final int APPDATA = 11;

    /** Type codes that have a default handler: the engine skips the call for all others (accesses). */
    static final boolean[] HANDLES = new boolean[EntryType.CODE_LIMIT];

    private final TraceState state;
    /** Label names: one String per distinct name, found without decoding one per label. */
    private final StringInterner names = new StringInterner();

    DefaultHandlers(TraceState state) {
        this.state = state;
    }

    /** Updates the state for one entry (types without default handlers are left alone). */
    void update(Entry e, int typeCode) {
        switch (typeCode) {
            case HOST -> host(e.asHost(), e.ts());
            case APPDATA -> state.appOps = e.asAppdata().u64();
            case MACHINE -> machine(e);
            case FCALL -> fcall(e.cpu(), e.asFcall());
            case LABEL -> label(e.asLabel());
            case SEGMENT -> segment(e.asSegment());
            case CALL -> call(e.cpu(), e.asCall());
            default -> {
            }
        }
    }

    private void host(HostView h, long headerTs) {
        long type = h.hostType();
        if (type == 2 || type == 3 || type == 4 || type == 5) {
            return;
        }
        if (type != 1) {
            throw new TraceFault("handle_host: unhandled type " + type);
        }
        if (state.appName.isEmpty()) {
            String s = h.accessStr();
            state.appName = s.length() > APP_NAME_BYTES ? s.substring(0, APP_NAME_BYTES) : s;
        }
        if (state.firstHeaderTs == 0) {
            state.firstHeaderTs = headerTs;
            state.firstMode = h.mode();
            state.firstGlobalTs = h.globalTs();
        }
        state.fullTraceEvidence.mode(state.enableMode, h.mode());
        state.enableMode = h.mode();
        if (h.mode() >= 0 && h.mode() < 64) {
            state.modesEnabled |= 1L << h.mode();
        }
        state.enableGlobalTs = h.globalTs();
        state.hostSeen = true;
    }

    private void machine(Entry e) {
        state.numCpus = e.asMachine().numCpus();
        state.numRam = e.asMachine().numRam();
        state.sample = e.asMachine().sample();
        state.machineSeen = true;
        state.machineEntry = e.index();
        state.machineOffset = e.streamOffset();
    }

    private void fcall(int cpu, FcallView f) {
        long s = f.state();
        if (s == FcallState.START.code() || s == FcallState.RESUME.code()) {
            state.setCurrentCall(cpu, f.pc(), f.tid());
        } else if (s == FcallState.PAUSE.code() || s == FcallState.DONE.code() || s == FcallState.DONE_VALUE.code()) {
            state.setCurrentCall(cpu, 0, 0);
        } else {
            throw new TraceFault("DefaultFcallHandler::handle: default error");
        }
        state.callTrace().onFcall(cpu, s, f.tag());
    }

    private void label(LabelView l) {
        long type = l.labelType();
        if (type == 0 || type >= 5) {
            throw new TraceFault("DefaultLabelHandler::handle: bad label type: " + type);
        }
        if (l.bytes() != 0) {
            String name = l.str(names);
            int added = state.labelMaps().add((int) type, name, l.guestAddr(), l.bytes(), l.pc());
            // a region label the maps ignored (same start as a live one) places no module
            if (type == LabelMaps.STATIC && added != LabelMaps.NO_LABEL && name.startsWith(ModuleRegionLabel.PREFIX)) {
                state.kernelAttribution().moduleRegionLoaded(name, l.guestAddr());
            }
        } else {
            state.labelMaps().remove((int) type, l.guestAddr(), state.recordingEnabled());
        }
    }

    private void segment(SegmentView s) {
        if (s.objectType() != LabelMaps.PERCPU) {
            throw new TraceFault("DefaultSegmentHandler::handle: bad type " + s.objectType());
        }
        state.labelMaps().instantiatePerCpu(s.baseAddr(), s.endAddr());
        state.kernelAttribution().perCpuSegmentDeclared(s.baseAddr(), s.endAddr(), s.segmentCpu());
    }

    private void call(int cpu, CallView c) {
        state.callTrace().onCall(cpu, c.targetPc(), c.returnPc(), c.ret());
    }

    static {
        if (EntryType.HOST.code() != HOST || EntryType.APPDATA.code() != APPDATA || EntryType.MACHINE.code() != MACHINE
                || EntryType.FCALL.code() != FCALL || EntryType.LABEL.code() != LABEL
                || EntryType.SEGMENT.code() != SEGMENT || EntryType.CALL.code() != CALL) {
            throw new ExceptionInInitializerError("entry type codes changed");
        }
        for (int code : new int[] {LABEL, HOST, FCALL, SEGMENT, CALL, MACHINE, APPDATA}) {
            HANDLES[code] = true;
        }
    }
}
