package org.mtrace.format.print;

import static org.mtrace.format.print.NameTable.ascii;

import java.io.IOException;
import org.mtrace.format.AccessView;
import org.mtrace.format.AppdataView;
import org.mtrace.format.AscopeView;
import org.mtrace.format.AvarView;
import org.mtrace.format.CallView;
import org.mtrace.format.Entry;
import org.mtrace.format.FcallView;
import org.mtrace.format.GcView;
import org.mtrace.format.HostType;
import org.mtrace.format.HostView;
import org.mtrace.format.LabelView;
import org.mtrace.format.LockOp;
import org.mtrace.format.LockView;
import org.mtrace.format.MachineView;
import org.mtrace.format.SegmentView;
import org.mtrace.format.TaskView;

/**
 * The original m2json's document byte for byte (M2TEXT.md §2): one JSON
 * array, each entry an object in the two-space layout of mscan's JSON writer
 * (MSCAN.md §7), with m2json's keys and words, strings not escaped. The array
 * is closed by {@link #finish()} (`␣]`, no newline; `[ ]` when empty), which
 * the original skips after a read error.
 */
final class M2jsonPrinter extends EntrySwitch implements EntryPrinter {
    /** Upper bound of one object: a 64-byte string and a dozen keys with 20-digit values. */
    private static final int MAX_OBJECT = 1024;

    private static final NameTable ACCESS_TYPES = NameTable.words("unknown", null, "ld", "st", "iw");
    private static final NameTable HOST_TYPES = NameTable.words("unknown", null, "access_all_cpu", "clear_cpu",
            "set_cpu", "disable_count_cpu", "enable_count_cpu");
    private static final NameTable MODES = NameTable.words("unknown", "disable", "movement", "ascope", "kernelscope");
    private static final NameTable STATES = NameTable.words("unknown", null, "start", "done", null, "resume", "pause");
    private static final NameTable TASK_TYPES = NameTable.words("unknown", null, "init", "update", "exit");

    private static final byte[] FIRST_OBJECT = ascii("[\n  {\n    \"cpu\": ");
    private static final byte[] NEXT_OBJECT = ascii(",\n  {\n    \"cpu\": ");
    private static final byte[] ACCESS_COUNT = key("access_count");
    private static final byte[] END_OBJECT = ascii("\n  }");
    private static final byte[] END_ARRAY = ascii(" ]");
    private static final byte[] EMPTY_ARRAY = ascii("[ ]");
    private static final byte[] TYPE_LABEL = typeKey("label");
    private static final byte[] TYPE_ACCESS = typeKey("access");
    private static final byte[] TYPE_HOST = typeKey("host");
    private static final byte[] TYPE_FCALL = typeKey("fcall");
    private static final byte[] TYPE_SEGMENT = typeKey("segment");
    private static final byte[] TYPE_CALL = typeKey("call");
    private static final byte[] TYPE_LOCK = typeKey("lock");
    private static final byte[] TYPE_TASK = typeKey("task");
    private static final byte[] TYPE_SCHED = typeKey("sched");
    private static final byte[] TYPE_MACHINE = typeKey("machine");
    private static final byte[] TYPE_APP = typeKey("app");
    private static final byte[] TYPE_ASCOPE = typeKey("ascope");
    private static final byte[] TYPE_AVAR = typeKey("avar");
    private static final byte[] TYPE_GC = typeKey("gc");
    private static final byte[] TYPE_GCEPOCH = typeKey("gcepoch");
    private static final byte[] LABEL_TYPE = key("label_type");
    private static final byte[] LABEL = key("label");
    private static final byte[] PC = key("pc");
    private static final byte[] HOST_ADDR = key("host_addr");
    private static final byte[] GUEST_ADDR = key("guest_addr");
    private static final byte[] BYTES = key("bytes");
    private static final byte[] ACCTYPE = key("acctype");
    private static final byte[] TRAFFIC = key("traffic");
    private static final byte[] LOCK = key("lock");
    private static final byte[] HOST_TYPE = key("host_type");
    private static final byte[] MODE = key("mode");
    private static final byte[] ACCESS_STR = key("access_str");
    private static final byte[] CALL_CPU = key("call_cpu");
    private static final byte[] CUR = ascii("\"cur\"");
    private static final byte[] TID = key("tid");
    private static final byte[] TAG = key("tag");
    private static final byte[] DEPTH = key("depth");
    private static final byte[] STATE = key("state");
    private static final byte[] BASEADDR = key("baseaddr");
    private static final byte[] ENDADDR = key("endaddr");
    private static final byte[] RET = key("ret");
    private static final byte[] TARGET_PC = key("target_pc");
    private static final byte[] RETURN_PC = key("return_pc");
    private static final byte[] OP = key("op");
    private static final byte[] STR = key("str");
    private static final byte[] TASKTYPE = key("tasktype");
    private static final byte[] TGID = key("tgid");
    private static final byte[] NCPU = key("ncpu");
    private static final byte[] NRAM = key("nram");
    private static final byte[] QUANTUM = key("quantum");
    private static final byte[] SAMPLE = key("sample");
    private static final byte[] LOCKED = key("locked");
    private static final byte[] CALLS = key("calls");
    private static final byte[] APPTYPE = key("apptype");
    private static final byte[] APPVAL = key("appval");
    private static final byte[] EXIT = key("exit");
    private static final byte[] NAME = key("name");
    private static final byte[] WRITE = key("write");
    private static final byte[] BASE = key("base");
    private static final byte[] NBYTES = key("nbytes");
    private static final byte[] GCFLAG = key("gcflag");
    private static final byte[] BEGIN = key("begin");

    private final AsciiBuffer out;
    private final JsonFields json;
    private boolean any;

    M2jsonPrinter(AsciiBuffer out) {
        this.out = out;
        this.json = new JsonFields(out);
    }

    /** Preencodes a non-first key of an entry object: {@code ,\n    "name": }. */
    private static byte[] key(String name) {
        return ascii(",\n    \"" + name + "\": ");
    }

    /** Preencodes the {@code "type"} key with its value. */
    private static byte[] typeKey(String word) {
        return ascii(",\n    \"type\": \"" + word + "\"");
    }

    @Override
    public boolean print(Entry e) throws IOException {
        out.reserve(MAX_OBJECT);
        out.put(any ? NEXT_OBJECT : FIRST_OBJECT);
        any = true;
        out.decimal(e.cpu());
        json.number(ACCESS_COUNT, e.accessCount());
        dispatch(e); // unknown types keep only the two common keys, as in the original
        out.put(END_OBJECT);
        return true;
    }

    @Override
    public void finish() throws IOException {
        out.reserve(EMPTY_ARRAY.length);
        out.put(any ? END_ARRAY : EMPTY_ARRAY);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    protected void label(Entry e) {
        LabelView l = e.asLabel();
        out.put(TYPE_LABEL);
        json.number(LABEL_TYPE, l.labelType());
        json.raw(LABEL, e, LabelView.STR);
        json.hex(PC, l.pc());
        json.hex(HOST_ADDR, l.hostAddr());
        json.hex(GUEST_ADDR, l.guestAddr());
        json.number(BYTES, l.bytes());
    }

    @Override
    protected void access(Entry e) {
        AccessView a = e.asAccess();
        out.put(TYPE_ACCESS);
        json.word(ACCTYPE, ACCESS_TYPES, a.accessType());
        json.hex(PC, a.pc());
        json.hex(HOST_ADDR, a.hostAddr());
        json.hex(GUEST_ADDR, a.guestAddr());
        json.number(BYTES, a.bytes());
        json.bit(TRAFFIC, a.traffic());
        json.bit(LOCK, a.lock());
    }

    @Override
    protected void host(Entry e) {
        HostView h = e.asHost();
        long t = h.hostType();
        out.put(TYPE_HOST);
        json.word(HOST_TYPE, HOST_TYPES, t);
        if (t == HostType.ACCESS_ALL_CPU.code()) {
            json.word(MODE, MODES, h.mode());
            json.raw(ACCESS_STR, e, HostView.ACCESS_STR);
        } else if (t == HostType.CALL_CLEAR_CPU.code() || t == HostType.CALL_SET_CPU.code()) {
            out.put(CALL_CPU);
            if (h.callCpu() == -1L) {
                out.put(CUR);
            } else {
                out.decimal(h.callCpu());
            }
        }
    }

    @Override
    protected void fcall(Entry e) {
        FcallView f = e.asFcall();
        out.put(TYPE_FCALL);
        json.number(TID, f.tid());
        json.hex(PC, f.pc());
        json.number(TAG, f.tag());
        json.number(DEPTH, f.depth());
        json.word(STATE, STATES, f.state());
    }

    @Override
    protected void segment(Entry e) {
        SegmentView s = e.asSegment();
        out.put(TYPE_SEGMENT);
        json.hex(BASEADDR, s.baseAddr());
        json.hex(ENDADDR, s.endAddr());
    }

    @Override
    protected void call(Entry e) {
        CallView c = e.asCall();
        out.put(TYPE_CALL);
        json.signed(RET, c.ret());
        json.hex(TARGET_PC, c.targetPc());
        json.hex(RETURN_PC, c.returnPc());
    }

    @Override
    protected void lock(Entry e) {
        LockView l = e.asLock();
        out.put(TYPE_LOCK);
        out.put(OP);
        out.put('"');
        if (l.op() == LockOp.RELEASE.code()) {
            out.put('r');
        } else {
            out.put('a');
            out.put(l.read() != 0 ? 'r' : 'w');
        }
        out.put('"');
        json.hex(PC, l.pc());
        json.hex(LOCK, l.lock());
        json.raw(STR, e, LockView.STR);
    }

    @Override
    protected void task(Entry e) {
        TaskView t = e.asTask();
        out.put(TYPE_TASK);
        json.word(TASKTYPE, TASK_TYPES, t.taskType());
        json.number(TID, t.tid());
        json.number(TGID, t.tgid());
        json.raw(STR, e, TaskView.STR);
    }

    @Override
    protected void sched(Entry e) {
        out.put(TYPE_SCHED);
        json.number(TID, e.asSched().tid());
    }

    @Override
    protected void machine(Entry e) {
        MachineView m = e.asMachine();
        out.put(TYPE_MACHINE);
        json.number(NCPU, m.numCpus());
        json.number(NRAM, m.numRam());
        json.number(QUANTUM, m.quantum());
        json.number(SAMPLE, m.sample());
        json.bit(LOCKED, m.locked());
        json.bit(CALLS, m.calls());
    }

    @Override
    protected void appdata(Entry e) {
        AppdataView a = e.asAppdata();
        out.put(TYPE_APP);
        json.number(APPTYPE, a.appdataType());
        json.number(APPVAL, a.u64());
    }

    @Override
    protected void ascope(Entry e) {
        out.put(TYPE_ASCOPE);
        json.bit(EXIT, e.asAscope().exit());
        json.raw(NAME, e, AscopeView.NAME);
    }

    @Override
    protected void avar(Entry e) {
        out.put(TYPE_AVAR);
        json.bit(WRITE, e.asAvar().write());
        json.raw(NAME, e, AvarView.NAME);
    }

    @Override
    protected void gc(Entry e) {
        GcView g = e.asGc();
        out.put(TYPE_GC);
        json.number(BASE, g.base());
        json.number(NBYTES, g.nbytes());
        json.raw(NAME, e, GcView.NAME);
        json.bit(GCFLAG, g.gc());
    }

    @Override
    protected void gcepoch(Entry e) {
        out.put(TYPE_GCEPOCH);
        json.bit(BEGIN, e.asGcepoch().begin());
    }
}
