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
import org.mtrace.format.FcallState;
import org.mtrace.format.FcallView;
import org.mtrace.format.GcView;
import org.mtrace.format.GcepochView;
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
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] HEX_PREFIX = ascii("\"0x");
    private static final byte[] END = ascii("}\n");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private final AsciiBuffer out;

    JsonLinesPrinter(AsciiBuffer out) {
        this.out = out;
    }

    /** Preencodes {@code ,"name":}. */
    private static byte[] key(String name) {
        return ascii(",\"" + name + "\":");
    }

    @Override
    public boolean print(Entry e) throws IOException {
        out.reserve(MAX_LINE);
        out.put(TYPE);
        enumeration(TYPES, e.typeCode() & 0xffffffffL);
        number(SIZE, e.size());
        number(CPU, e.cpu());
        number(ACCESS_COUNT, e.accessCount());
        number(TS, e.ts());
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
        enumeration(ACCESS_TYPE, ACCESS_TYPES, a.accessType());
        flag(TRAFFIC, a.traffic());
        flag(LOCK, a.lock());
        flag(DEPS, a.deps());
        hex(PC, a.pc());
        hex(HOST_ADDR, a.hostAddr());
        hex(GUEST_ADDR, a.guestAddr());
        number(BYTES, a.bytes());
    }

    @Override
    protected void label(Entry e) {
        LabelView l = e.asLabel();
        hex(HOST_ADDR, l.hostAddr());
        enumeration(LABEL_TYPE, LABEL_TYPES, l.labelType());
        string(STR, e, LabelView.STR);
        hex(GUEST_ADDR, l.guestAddr());
        number(BYTES, l.bytes());
        hex(PC, l.pc());
    }

    /** The union member matching host_type; types without one print no union keys. */
    @Override
    protected void host(Entry e) {
        HostView h = e.asHost();
        long type = h.hostType();
        enumeration(HOST_TYPE, HOST_TYPES, type);
        number(GLOBAL_TS, h.globalTs());
        if (type == HostType.ACCESS_ALL_CPU.code()) {
            enumeration(MODE, MODES, h.mode());
            string(ACCESS_STR, e, HostView.ACCESS_STR);
        } else if (type == HostType.CALL_CLEAR_CPU.code() || type == HostType.CALL_SET_CPU.code()) {
            number(CALL_CPU, h.callCpu());
            flag(CURRENT_CPU, h.callCpu() == -1L);
        }
    }

    @Override
    protected void fcall(Entry e) {
        FcallView f = e.asFcall();
        number(TID, f.tid());
        hex(PC, f.pc());
        hex(TAG, f.tag());
        number(DEPTH, f.depth());
        enumeration(STATE, STATES, f.state());
    }

    @Override
    protected void segment(Entry e) {
        SegmentView s = e.asSegment();
        hex(BASEADDR, s.baseAddr());
        hex(ENDADDR, s.endAddr());
        number(SEGMENT_CPU, s.segmentCpu());
        enumeration(OBJECT_TYPE, LABEL_TYPES, s.objectType());
    }

    @Override
    protected void call(Entry e) {
        CallView c = e.asCall();
        hex(TARGET_PC, c.targetPc());
        hex(RETURN_PC, c.returnPc());
        out.put(RET);
        out.signedDecimal(c.ret());
    }

    @Override
    protected void lock(Entry e) {
        LockView l = e.asLock();
        hex(PC, l.pc());
        hex(LOCK, l.lock());
        string(STR, e, LockView.STR);
        enumeration(OP, LOCK_OPS, l.op());
        number(READ, l.read());
    }

    @Override
    protected void task(Entry e) {
        TaskView t = e.asTask();
        number(TID, t.tid());
        number(TGID, t.tgid());
        enumeration(TASK_TYPE, TASK_TYPES, t.taskType());
        string(STR, e, TaskView.STR);
    }

    @Override
    protected void sched(Entry e) {
        number(TID, e.asSched().tid());
    }

    @Override
    protected void machine(Entry e) {
        MachineView m = e.asMachine();
        number(NUM_CPUS, m.numCpus());
        number(NUM_RAM, m.numRam());
        number(QUANTUM, m.quantum());
        number(SAMPLE, m.sample());
        flag(LOCKED, m.locked());
        flag(CALLS, m.calls());
    }

    @Override
    protected void appdata(Entry e) {
        AppdataView a = e.asAppdata();
        number(APPDATA_TYPE, a.appdataType());
        number(U64, a.u64());
    }

    @Override
    protected void ascope(Entry e) {
        flag(EXIT, e.asAscope().exit());
        string(NAME, e, AscopeView.NAME);
    }

    @Override
    protected void avar(Entry e) {
        flag(WRITE, e.asAvar().write());
        string(NAME, e, AvarView.NAME);
    }

    @Override
    protected void gc(Entry e) {
        GcView g = e.asGc();
        hex(BASE, g.base());
        number(NBYTES, g.nbytes());
        string(NAME, e, GcView.NAME);
        flag(GC, g.gc());
    }

    @Override
    protected void gcepoch(Entry e) {
        flag(BEGIN, e.asGcepoch().begin());
    }

    // ---- values ----

    private void number(byte[] key, long unsigned) {
        out.put(key);
        out.decimal(unsigned);
    }

    private void hex(byte[] key, long v) {
        out.put(key);
        out.put(HEX_PREFIX);
        out.hex(v);
        out.put('"');
    }

    private void flag(byte[] key, boolean v) {
        out.put(key);
        out.put(v ? TRUE : FALSE);
    }

    private void enumeration(byte[] key, NameTable names, long code) {
        out.put(key);
        enumeration(names, code);
    }

    private void enumeration(NameTable names, long code) {
        out.put('"');
        names.write(out, code);
        out.put('"');
    }

    /** A {@code char[64]} field as a JSON string (RFC 8259 §7), bytes read as ISO-8859-1. */
    private void string(byte[] key, Entry e, int field) {
        out.put(key);
        out.put('"');
        byte[] b = e.buffer();
        int off = e.position() + field;
        for (int i = 0; i < 64; i++) {
            int c = b[off + i] & 0xff;
            if (c == 0) {
                break;
            }
            if (c == '"' || c == '\\') {
                out.put('\\');
                out.put((byte) c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.put((byte) c);
            } else {
                escape(c);
            }
        }
        out.put('"');
    }

    private void escape(int c) {
        out.put('\\');
        switch (c) {
            case '\b' -> out.put('b');
            case '\f' -> out.put('f');
            case '\n' -> out.put('n');
            case '\r' -> out.put('r');
            case '\t' -> out.put('t');
            default -> {
                out.put('u');
                out.put('0');
                out.put('0');
                out.put(HEX[c >>> 4]);
                out.put(HEX[c & 15]);
            }
        }
    }
}
