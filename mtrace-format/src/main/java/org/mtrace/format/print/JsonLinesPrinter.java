package org.mtrace.format.print;

import static org.mtrace.format.print.NameTable.ascii;

import java.io.IOException;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.format.AppdataView;
import org.mtrace.format.AscopeView;
import org.mtrace.format.AvarView;
import org.mtrace.format.CallView;
import org.mtrace.format.Entry;
import org.mtrace.format.FaultKind;
import org.mtrace.format.FcallState;
import org.mtrace.format.FcallView;
import org.mtrace.format.GcView;
import org.mtrace.format.HostType;
import org.mtrace.format.HostView;
import org.mtrace.format.LabelType;
import org.mtrace.format.LabelView;
import org.mtrace.format.LockOp;
import org.mtrace.format.LockView;
import org.mtrace.format.MachineView;
import org.mtrace.format.RecordMode;
import org.mtrace.format.SchedView;
import org.mtrace.format.SegmentView;
import org.mtrace.format.TaskType;
import org.mtrace.format.TaskView;

/**
 * JSON lines: one compact object per entry per line. Keys are the field
 * names of FORMAT.md in its field order, after the header keys
 * {@code type, size, cpu, access_count, ts}. Value conventions:
 * <ul>
 * <li>counts and sizes: unsigned decimal numbers;</li>
 * <li>addresses, PCs, the fcall tag: strings {@code "0x…"} (lowercase, no padding);</li>
 * <li>enumerations: strings with the format's spelling ({@code "st"},
 *     {@code "done_value"}); a value the format does not define is the
 *     decimal number as a string ({@code "7"}), so the type never changes;</li>
 * <li>bit flags: {@code true}/{@code false};</li>
 * <li>log strings: bytes read as ISO-8859-1 and escaped, so the output is
 *     printable ASCII ({@code \"}, {@code \\}, {@code \n}…; other controls,
 *     DEL and bytes ≥ 0x80 as {@code \\u00XX}).</li>
 * </ul>
 * An entry of unknown type (lenient reading only) prints its header keys,
 * with {@code type} the decimal code as a string.
 */
final class JsonLinesPrinter extends EntrySwitch implements EntryPrinter {
    /** Upper bound of one line: a 64-byte string escapes to at most 384 bytes and no object has two strings. */
    private static final int MAX_LINE = 1024;

    private static final NameTable TYPES = NameTable.entryTypes();
    private static final NameTable LABEL_TYPES = NameTable.spelling(LabelType.values());
    private static final NameTable ACCESS_TYPES = NameTable.spelling(AccessType.values());
    private static final NameTable HOST_TYPES = NameTable.spelling(HostType.values());
    private static final NameTable MODES = NameTable.spelling(RecordMode.values());
    private static final NameTable STATES = NameTable.spelling(FcallState.values());
    private static final NameTable LOCK_OPS = NameTable.spelling(LockOp.values());
    private static final NameTable TASK_TYPES = NameTable.spelling(TaskType.values());

    private static final byte[] TYPE = ascii("{\"type\":");
    private static final byte[] SIZE = key("size");
    private static final byte[] CPU = key("cpu");
    private static final byte[] ACCESS_COUNT = key("access_count");
    private static final byte[] TS = key("ts");
    private static final byte[] HOST_ADDR = key("host_addr");
    private static final byte[] LABEL_TYPE = key("label_type");
    private static final byte[] STR = key("str");
    private static final byte[] GUEST_ADDR = key("guest_addr");
    private static final byte[] BYTES = key("bytes");
    private static final byte[] PC = key("pc");
    private static final byte[] ACCESS_TYPE = key("access_type");
    private static final byte[] TRAFFIC = key("traffic");
    private static final byte[] LOCK = key("lock");
    private static final byte[] DEPS = key("deps");
    private static final byte[] HOST_TYPE = key("host_type");
    private static final byte[] GLOBAL_TS = key("global_ts");
    private static final byte[] MODE = key("mode");
    private static final byte[] ACCESS_STR = key("access_str");
    private static final byte[] CALL_CPU = key("call_cpu");
    private static final byte[] CURRENT_CPU = key("current_cpu");
    private static final byte[] TID = key("tid");
    private static final NameTable FAULT_KINDS = NameTable.spelling(FaultKind.values());
    private static final byte[] FAULT_KIND = key("fault_kind");
    private static final byte[] FAULT_ADDRESS = key("address");
    private static final byte[] FAULT_PAGE = key("page");
    private static final byte[] VMA_START = key("vm_start");
    private static final byte[] VMA_END = key("vm_end");
    private static final byte[] FAULT_FLAGS = key("flags");
    private static final byte[] FAULT_RESULT = key("result");
    private static final byte[] FAULT_HASH = key("hash");
    private static final byte[] TAG = key("tag");
    private static final byte[] DEPTH = key("depth");
    private static final byte[] STATE = key("state");
    private static final byte[] BASEADDR = key("baseaddr");
    private static final byte[] ENDADDR = key("endaddr");
    private static final byte[] SEGMENT_CPU = key("segment_cpu");
    private static final byte[] OBJECT_TYPE = key("object_type");
    private static final byte[] TARGET_PC = key("target_pc");
    private static final byte[] RETURN_PC = key("return_pc");
    private static final byte[] RET = key("ret");
    private static final byte[] OP = key("op");
    private static final byte[] READ = key("read");
    private static final byte[] TGID = key("tgid");
    private static final byte[] TASK_TYPE = key("task_type");
    private static final byte[] NUM_CPUS = key("num_cpus");
    private static final byte[] NUM_RAM = key("num_ram");
    private static final byte[] QUANTUM = key("quantum");
    private static final byte[] SAMPLE = key("sample");
    private static final byte[] LOCKED = key("locked");
    private static final byte[] CALLS = key("calls");
    private static final byte[] APPDATA_TYPE = key("appdata_type");
    private static final byte[] U64 = key("u64");
    private static final byte[] EXIT = key("exit");
    private static final byte[] NAME = key("name");
    private static final byte[] WRITE = key("write");
    private static final byte[] BASE = key("base");
    private static final byte[] NBYTES = key("nbytes");
    private static final byte[] GC = key("gc");
    private static final byte[] BEGIN = key("begin");
    private static final byte[] END = ascii("}\n");

    private final AsciiBuffer out;
    private final JsonFields json;

    JsonLinesPrinter(AsciiBuffer out) {
        this.out = out;
        this.json = new JsonFields(out);
    }

    /** Preencodes {@code ,"name":}. */
    private static byte[] key(String name) {
        return ascii(",\"" + name + "\":");
    }

    @Override
    public boolean print(Entry e) throws IOException {
        out.reserve(MAX_LINE);
        json.word(TYPE, TYPES, e.typeCode() & 0xffffffffL); // TYPE opens the object
        json.number(SIZE, e.size());
        json.number(CPU, e.cpu());
        json.number(ACCESS_COUNT, e.accessCount());
        json.number(TS, e.ts());
        dispatch(e); // an unknown type keeps just the header keys
        out.put(END);
        return true;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    protected void access(Entry e) {
        AccessView a = e.asAccess();
        json.word(ACCESS_TYPE, ACCESS_TYPES, a.accessType());
        json.bool(TRAFFIC, a.traffic());
        json.bool(LOCK, a.lock());
        json.bool(DEPS, a.deps());
        json.hex(PC, a.pc());
        json.hex(HOST_ADDR, a.hostAddr());
        json.hex(GUEST_ADDR, a.guestAddr());
        json.number(BYTES, a.bytes());
    }

    @Override
    protected void label(Entry e) {
        LabelView l = e.asLabel();
        json.hex(HOST_ADDR, l.hostAddr());
        json.word(LABEL_TYPE, LABEL_TYPES, l.labelType());
        json.escaped(STR, e, LabelView.STR);
        json.hex(GUEST_ADDR, l.guestAddr());
        json.number(BYTES, l.bytes());
        json.hex(PC, l.pc());
    }

    /** The union member matching host_type; types without one print no union keys. */
    @Override
    protected void host(Entry e) {
        HostView h = e.asHost();
        long type = h.hostType();
        json.word(HOST_TYPE, HOST_TYPES, type);
        json.number(GLOBAL_TS, h.globalTs());
        if (type == HostType.ACCESS_ALL_CPU.code()) {
            json.word(MODE, MODES, h.mode());
            json.escaped(ACCESS_STR, e, HostView.ACCESS_STR);
        } else if (type == HostType.CALL_CLEAR_CPU.code() || type == HostType.CALL_SET_CPU.code()) {
            json.number(CALL_CPU, h.callCpu());
            json.bool(CURRENT_CPU, h.callCpu() == -1L);
        }
    }

    @Override
    protected void fcall(Entry e) {
        FcallView f = e.asFcall();
        json.number(TID, f.tid());
        json.hex(PC, f.pc());
        json.hex(TAG, f.tag());
        json.number(DEPTH, f.depth());
        json.word(STATE, STATES, f.state());
    }

    @Override
    protected void segment(Entry e) {
        SegmentView s = e.asSegment();
        json.hex(BASEADDR, s.baseAddr());
        json.hex(ENDADDR, s.endAddr());
        json.number(SEGMENT_CPU, s.segmentCpu());
        json.word(OBJECT_TYPE, LABEL_TYPES, s.objectType());
    }

    @Override
    protected void call(Entry e) {
        CallView c = e.asCall();
        json.hex(TARGET_PC, c.targetPc());
        json.hex(RETURN_PC, c.returnPc());
        json.signed(RET, c.ret());
    }

    @Override
    protected void lock(Entry e) {
        LockView l = e.asLock();
        json.hex(PC, l.pc());
        json.hex(LOCK, l.lock());
        json.escaped(STR, e, LockView.STR);
        json.word(OP, LOCK_OPS, l.op());
        json.number(READ, l.read());
    }

    @Override
    protected void task(Entry e) {
        TaskView t = e.asTask();
        json.number(TID, t.tid());
        json.number(TGID, t.tgid());
        json.word(TASK_TYPE, TASK_TYPES, t.taskType());
        json.escaped(STR, e, TaskView.STR);
    }

    @Override
    protected void sched(Entry e) {
        SchedView s = e.asSched();
        json.number(TID, s.tid());
        if (s.isPageFault()) { // docs/format-io.md "Page-fault entries"
            json.word(FAULT_KIND, FAULT_KINDS, s.faultKind());
            json.hex(PC, s.faultPc());
            json.hex(FAULT_ADDRESS, s.faultAddress());
            json.hex(VMA_START, s.faultVmaStart());
            json.hex(VMA_END, s.faultVmaEnd());
            json.hex(FAULT_PAGE, s.faultPage());
            json.hex(FAULT_FLAGS, s.faultFlags());
            json.hex(FAULT_RESULT, s.faultResult());
            json.hex(FAULT_HASH, s.faultHash());
            json.number(TGID, s.faultTgid());
        }
    }

    @Override
    protected void machine(Entry e) {
        MachineView m = e.asMachine();
        json.number(NUM_CPUS, m.numCpus());
        json.number(NUM_RAM, m.numRam());
        json.number(QUANTUM, m.quantum());
        json.number(SAMPLE, m.sample());
        json.bool(LOCKED, m.locked());
        json.bool(CALLS, m.calls());
    }

    @Override
    protected void appdata(Entry e) {
        AppdataView a = e.asAppdata();
        json.number(APPDATA_TYPE, a.appdataType());
        json.number(U64, a.u64());
    }

    @Override
    protected void ascope(Entry e) {
        json.bool(EXIT, e.asAscope().exit());
        json.escaped(NAME, e, AscopeView.NAME);
    }

    @Override
    protected void avar(Entry e) {
        json.bool(WRITE, e.asAvar().write());
        json.escaped(NAME, e, AvarView.NAME);
    }

    @Override
    protected void gc(Entry e) {
        GcView g = e.asGc();
        json.hex(BASE, g.base());
        json.number(NBYTES, g.nbytes());
        json.escaped(NAME, e, GcView.NAME);
        json.bool(GC, g.gc());
    }

    @Override
    protected void gcepoch(Entry e) {
        json.bool(BEGIN, e.asGcepoch().begin());
    }
}
