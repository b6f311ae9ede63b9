package org.mtrace.format.print;

import static org.mtrace.format.print.NameTable.ascii;

import java.io.IOException;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.format.AppdataView;
import org.mtrace.format.AscopeView;
import org.mtrace.format.AvarView;
import org.mtrace.format.Bytes;
import org.mtrace.format.CallView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.FaultKind;
import org.mtrace.format.FcallView;
import org.mtrace.format.GcView;
import org.mtrace.format.GcepochView;
import org.mtrace.format.HostType;
import org.mtrace.format.HostView;
import org.mtrace.format.LabelView;
import org.mtrace.format.LockOp;
import org.mtrace.format.LockView;
import org.mtrace.format.MachineView;
import org.mtrace.format.SchedView;
import org.mtrace.format.SegmentView;
import org.mtrace.format.TaskView;

/**
 * m2text's line format (M2TEXT.md §1.2-1.3): one line per entry, a tag
 * left-justified in 3 columns, a space, and the fields in brackets. The
 * printf conversions of the C tool are rebuilt from {@link AsciiBuffer}
 * primitives; the comment above each method gives the C format it matches.
 */
final class TextPrinter extends EntrySwitch implements EntryPrinter {
    /** Upper bound of one line: the longest (label, host, lock) stay well below it even with 20-digit numbers. */
    private static final int MAX_LINE = 512;

    private static final byte[] TAG_LABEL = ascii("T");
    private static final byte[] TAG_HOST = ascii("E");
    private static final byte[] TAG_FCALL = ascii("C");
    private static final byte[] TAG_SEGMENT = ascii("S");
    private static final byte[] TAG_CALL = ascii("L");
    private static final byte[] TAG_TASK = ascii("tsk");
    private static final byte[] TAG_SCHED = ascii("sch");
    private static final byte[] TAG_MACHINE = ascii("mac");
    private static final byte[] TAG_APPDATA = ascii("app");
    private static final byte[] TAG_ASCOPE = ascii("Asc");
    private static final byte[] TAG_GC = ascii("gc");
    private static final byte[] TAG_GCEPOCH = ascii("gce");
    private static final byte[] TAG_FAULT = ascii("pf");
    private static final NameTable FAULT_KINDS = NameTable.spelling(FaultKind.values());
    private static final byte[] ADDR = ascii("  addr ");
    private static final byte[] PAGE = ascii("  page ");
    private static final byte[] FLAGS = ascii("  flags 0x");
    private static final byte[] RESULT = ascii("  result 0x");
    private static final byte[] HASH = ascii("  hash ");
    private static final byte[] VMA = ascii("  vma ");
    private static final byte[] FAULT_TGID = ascii("  tgid ");

    /** The access line up to the size field when tag, CPU and count fit their widths; blanks are filled in. */
    private static final byte[] ACCESS_LINE = ascii("   " + " [" + " ".repeat(3) + " " + " ".repeat(16) + " pc " + "0".repeat(16)
            + "  host " + "0".repeat(16) + "  guest " + "0".repeat(16) + "  ");
    private static final int ACCESS_CPU_AT = 5;
    private static final int ACCESS_COUNT_END = ACCESS_CPU_AT + 3 + 1 + 16;
    private static final int ACCESS_PC_AT = ACCESS_COUNT_END + 4;
    private static final int ACCESS_HOST_AT = ACCESS_PC_AT + 16 + 7;
    private static final int ACCESS_GUEST_AT = ACCESS_HOST_AT + 16 + 8;
    /** Smallest count that no longer fits 16 columns. */
    private static final long MAX_D16 = 10_000_000_000_000_000L;

    private static final byte[] OPEN = ascii(" [");
    private static final byte[] SEP = ascii("  ");
    private static final byte[] PC = ascii(" pc ");
    private static final byte[] HOST = ascii("  host ");
    private static final byte[] GUEST = ascii("  guest ");
    private static final byte[] TRAFFIC = ascii("  traffic");
    private static final byte[] LOCK = ascii("  lock");
    private static final byte[] MODE = ascii("  mode ");
    private static final byte[] CPU = ascii("  cpu");
    private static final byte[] CUR = ascii(" cur");
    private static final byte[] TID = ascii("  tid ");
    private static final byte[] PC2 = ascii("  pc ");
    private static final byte[] TAG = ascii("  tag 0x");
    private static final byte[] DEPTH = ascii("  depth ");
    private static final byte[] CALL = ascii("call");
    private static final byte[] RET = ascii(" ret");
    private static final byte[] TS = ascii("  ts ");
    private static final byte[] LOCK_ADDR = ascii("  lock ");
    private static final byte[] R = ascii("r");
    private static final byte[] AR = ascii("ar");
    private static final byte[] AW = ascii("aw");
    private static final byte[] TGID = ascii("  tgid  ");
    private static final byte[] PID = ascii("  pid ");
    private static final byte[] CPUS = ascii("cpus ");
    private static final byte[] RAM = ascii("  ram ");
    private static final byte[] QUANTUM = ascii("  quantum ");
    private static final byte[] SAMPLE = ascii("  sample ");
    private static final byte[] LOCKED = ascii("  locked ");
    private static final byte[] CALLS = ascii("  calls ");
    private static final byte[] TYPE = ascii("  type ");
    private static final byte[] U64 = ascii("  u64 ");
    private static final byte[] ENTER = ascii("enter");
    private static final byte[] EXIT = ascii("exit");
    private static final byte[] AW_VAR = ascii("Aw");
    private static final byte[] AR_VAR = ascii("Ar");
    private static final byte[] BASE = ascii("  base ");
    private static final byte[] NBYTES = ascii("  nbytes ");
    private static final byte[] FREE = ascii("free");
    private static final byte[] SIZE = ascii("size");
    private static final byte[] BEGIN = ascii("begin");
    private static final byte[] END = ascii("end");

    private final AsciiBuffer out;
    private final TextDialect dialect;
    /**
     * The first 8 bytes of {@link #ACCESS_LINE} for each access type whose word fits the
     * 3-column tag (tag, {@code " ["}, CPU columns), as one little-endian long; 0 for the others.
     */
    private final long[] accessHeads;

    TextPrinter(AsciiBuffer out, TextDialect dialect) {
        this.out = out;
        this.dialect = dialect;
        this.accessHeads = new long[AccessType.values().length];
        for (int code = 0; code < accessHeads.length; code++) {
            byte[] word = dialect.accessKinds.word(code);
            if (word != null && word.length <= 3) {
                byte[] head = java.util.Arrays.copyOf(ACCESS_LINE, 8);
                System.arraycopy(word, 0, head, 0, word.length);
                accessHeads[code] = Bytes.u64(head, 0);
            }
        }
    }

    @Override
    public boolean print(Entry e) throws IOException {
        if (dialect.original && (e.typeCode() == EntryType.GC.code() || e.typeCode() == EntryType.GCEPOCH.code())) {
            return false; // the original m2text does not know these types
        }
        out.reserve(MAX_LINE);
        return dispatch(e);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Writes {@code "%-3s ["} for a fixed tag. */
    private void tag(byte[] tag) {
        int start = out.mark();
        out.put(tag);
        out.padTo(start, 3);
        out.put(OPEN);
    }

    /** Writes {@code "%-3s ["} for a name-table tag. */
    private void tag(NameTable names, long code) {
        int start = out.mark();
        names.write(out, code);
        out.padTo(start, 3);
        out.put(OPEN);
    }

    /** {@code "%-3u"} of the header CPU, the first bracketed field of most lines. */
    private void cpu(Entry e) {
        out.decimalLeft(e.cpu(), 3);
    }

    private void end() {
        out.put(']'); // two byte stores: cheaper than copying a 2-byte literal
        out.put('\n');
    }

    // "%-3s [%-3u %16lu pc %016lx  host %016lx  guest %016lx  %ub" ["  traffic"] ["  lock"] "]\n"
    @Override
    protected void access(Entry e) {
        AccessView a = e.asAccess();
        long type = a.accessType();
        long head = type < accessHeads.length ? accessHeads[(int) type] : 0;
        int cpu = e.cpu();
        long count = e.accessCount();
        if (head != 0 && cpu < 1000 && count >= 0 && count < MAX_D16) {
            // the common case: every field has its fixed width, so fill a template in place
            int at = out.template(ACCESS_LINE);
            out.put64At(at, head);
            out.decimalAt(at + ACCESS_CPU_AT, cpu);
            out.decimalEndingAt(at + ACCESS_COUNT_END, count);
            out.hex016At(at + ACCESS_PC_AT, a.pc());
            out.hex016At(at + ACCESS_HOST_AT, a.hostAddr());
            out.hex016At(at + ACCESS_GUEST_AT, a.guestAddr());
        } else {
            tag(dialect.accessKinds, a.accessType());
            out.decimalLeft(cpu, 3);
            out.put(' ');
            out.decimalRight(count, 16);
            out.put(PC);
            out.hex016(a.pc());
            out.put(HOST);
            out.hex016(a.hostAddr());
            out.put(GUEST);
            out.hex016(a.guestAddr());
            out.put(SEP);
        }
        out.decimal(a.bytes());
        out.put('b');
        if (a.traffic()) {
            out.put(TRAFFIC);
        }
        if (a.lock()) {
            out.put(LOCK);
        }
        end();
    }

    // "T   [%-3u  %16s  %016lx  %016lx  %016lx  %016lx  %016lx]\n": label type, str, pc, host, guest, bytes, access_count
    @Override
    protected void label(Entry e) {
        LabelView l = e.asLabel();
        tag(TAG_LABEL);
        out.decimalLeft(l.labelType(), 3);
        out.put(SEP);
        out.cStringRight(e.buffer(), e.position() + LabelView.STR, 16);
        out.put(SEP);
        out.hex016(l.pc());
        out.put(SEP);
        out.hex016(l.hostAddr());
        out.put(SEP);
        out.hex016(l.guestAddr());
        out.put(SEP);
        out.hex016(l.bytes());
        out.put(SEP);
        out.hex016(e.accessCount());
        end();
    }

    // "E   [%-3u  %s" + ("  mode %s  %s" | "  cpu" (" cur" | " %lu") | "") + "]\n"
    @Override
    protected void host(Entry e) {
        HostView h = e.asHost();
        long type = h.hostType();
        tag(TAG_HOST);
        cpu(e);
        out.put(SEP);
        dialect.hostTypes.write(out, type);
        if (type == HostType.ACCESS_ALL_CPU.code()) {
            out.put(MODE);
            dialect.recordModes.write(out, h.mode());
            out.put(SEP);
            out.cString(e.buffer(), e.position() + HostView.ACCESS_STR);
        } else if (type == HostType.CALL_CLEAR_CPU.code() || type == HostType.CALL_SET_CPU.code()) {
            out.put(CPU);
            long cpu = h.callCpu();
            if (cpu == -1L) {
                out.put(CUR);
            } else {
                out.put(' ');
                out.decimal(cpu);
            }
        }
        end();
    }

    // "C   [%-3u  %16lu  tid %lu  pc %016lx  tag 0x%lx  depth %u  %s]\n"
    @Override
    protected void fcall(Entry e) {
        FcallView f = e.asFcall();
        tag(TAG_FCALL);
        cpu(e);
        out.put(SEP);
        out.decimalRight(e.accessCount(), 16);
        out.put(TID);
        out.decimal(f.tid());
        out.put(PC2);
        out.hex016(f.pc());
        out.put(TAG);
        out.hex(f.tag());
        out.put(DEPTH);
        out.decimal(f.depth());
        out.put(SEP);
        dialect.fcallStates.write(out, f.state());
        end();
    }

    // "S   [%-3u  %3u  %16lx %16lx]\n": the original passes the header type where the object type belongs
    @Override
    protected void segment(Entry e) {
        SegmentView s = e.asSegment();
        tag(TAG_SEGMENT);
        cpu(e);
        out.put(SEP);
        out.decimalRight(dialect.original ? e.typeCode() : s.objectType(), 3);
        out.put(SEP);
        out.hexRight(s.baseAddr(), 16);
        out.put(' ');
        out.hexRight(s.endAddr(), 16);
        end();
    }

    // "L   [%-3u  %4s  %16lu  %16lx %16lx]\n" with "call" or "ret"
    @Override
    protected void call(Entry e) {
        CallView c = e.asCall();
        tag(TAG_CALL);
        cpu(e);
        out.put(SEP);
        out.put(c.ret() != 0 ? RET : CALL);
        out.put(SEP);
        out.decimalRight(e.accessCount(), 16);
        out.put(SEP);
        out.hexRight(c.targetPc(), 16);
        out.put(' ');
        out.hexRight(c.returnPc(), 16);
        end();
    }

    // "%-3s [%-3u  ts %16lu pc %16lx  lock %16lx  %s]\n" with r / ar / aw
    @Override
    protected void lock(Entry e) {
        LockView l = e.asLock();
        tag(l.op() == LockOp.RELEASE.code() ? R : l.read() != 0 ? AR : AW);
        cpu(e);
        out.put(TS);
        out.decimalRight(e.ts(), 16);
        out.put(PC);
        out.hexRight(l.pc(), 16);
        out.put(LOCK_ADDR);
        out.hexRight(l.lock(), 16);
        out.put(SEP);
        out.cString(e.buffer(), e.position() + LockView.STR);
        end();
    }

    // "tsk [%-3u %-6s  tid %16lu  tgid  %16lu  %s]\n"
    @Override
    protected void task(Entry e) {
        TaskView t = e.asTask();
        tag(TAG_TASK);
        cpu(e);
        out.put(' ');
        int start = out.mark();
        dialect.taskTypes.write(out, t.taskType());
        out.padTo(start, 6);
        out.put(TID);
        out.decimalRight(t.tid(), 16);
        out.put(TGID);
        out.decimalRight(t.tgid(), 16);
        out.put(SEP);
        out.cString(e.buffer(), e.position() + TaskView.STR);
        end();
    }

    // "sch [%-3u  pid %5lu]\n"
    @Override
    protected void sched(Entry e) {
        SchedView s = e.asSched();
        if (!dialect.original && s.isPageFault()) {
            pageFault(e, s);
            return;
        }
        tag(TAG_SCHED);
        cpu(e);
        out.put(PID);
        out.decimalRight(s.tid(), 5);
        end();
    }

    // a page-fault entry (docs/format-io.md), not in --original, which prints its sched line:
    // "pf  [%-3u %-9s  pid %5lu  tgid %5lu  pc %016lx  addr %016lx  vma %lx-%lx  page %016lx  flags 0x%x  result 0x%x"
    //  "  hash %016lx  ts %lu]\n"
    private void pageFault(Entry e, SchedView s) {
        tag(TAG_FAULT);
        cpu(e);
        out.put(' ');
        int start = out.mark();
        FAULT_KINDS.write(out, s.faultKind());
        out.padTo(start, 9);
        out.put(PID);
        out.decimalRight(s.tid(), 5);
        out.put(FAULT_TGID);
        out.decimalRight(s.faultTgid(), 5);
        out.put(PC2);
        out.hex016(s.faultPc());
        out.put(ADDR);
        out.hex016(s.faultAddress());
        out.put(VMA);
        out.hex(s.faultVmaStart());
        out.put('-');
        out.hex(s.faultVmaEnd());
        out.put(PAGE);
        out.hex016(s.faultPage());
        out.put(FLAGS);
        out.hex(s.faultFlags());
        out.put(RESULT);
        out.hex(s.faultResult());
        out.put(HASH);
        out.hex016(s.faultHash());
        out.put(TS);
        out.decimal(e.ts());
        end();
    }

    // "mac [cpus %u  ram %lu  quantum %lu  sample %lu  locked %c  calls %c]\n"
    @Override
    protected void machine(Entry e) {
        MachineView m = e.asMachine();
        tag(TAG_MACHINE);
        out.put(CPUS);
        out.decimal(m.numCpus());
        out.put(RAM);
        out.decimal(m.numRam());
        out.put(QUANTUM);
        out.decimal(m.quantum());
        out.put(SAMPLE);
        out.decimal(m.sample());
        out.put(LOCKED);
        out.put(m.locked() ? 't' : 'f');
        out.put(CALLS);
        out.put(m.calls() ? 't' : 'f');
        end();
    }

    // "app [%-3u  type %u  u64 %lu]\n"
    @Override
    protected void appdata(Entry e) {
        AppdataView a = e.asAppdata();
        tag(TAG_APPDATA);
        cpu(e);
        out.put(TYPE);
        out.decimal(a.appdataType());
        out.put(U64);
        out.decimal(a.u64());
        end();
    }

    // "Asc [%-3u  %-5s %s]\n" with enter / exit
    @Override
    protected void ascope(Entry e) {
        AscopeView a = e.asAscope();
        tag(TAG_ASCOPE);
        cpu(e);
        out.put(SEP);
        int start = out.mark();
        out.put(a.exit() ? EXIT : ENTER);
        out.padTo(start, 5);
        out.put(' ');
        out.cString(e.buffer(), e.position() + AscopeView.NAME);
        end();
    }

    // "%-3s [%-3u  %s]\n" with Aw / Ar
    @Override
    protected void avar(Entry e) {
        AvarView a = e.asAvar();
        tag(a.write() ? AW_VAR : AR_VAR);
        cpu(e);
        out.put(SEP);
        out.cString(e.buffer(), e.position() + AvarView.NAME);
        end();
    }

    // Not in the original. Same style as fcall: "gc  [%-3u  %16lu  base %016lx  nbytes %lu  free|size  %s]\n"
    @Override
    protected void gc(Entry e) {
        GcView g = e.asGc();
        tag(TAG_GC);
        cpu(e);
        out.put(SEP);
        out.decimalRight(e.accessCount(), 16);
        out.put(BASE);
        out.hex016(g.base());
        out.put(NBYTES);
        out.decimal(g.nbytes());
        out.put(SEP);
        out.put(g.gc() ? FREE : SIZE);
        out.put(SEP);
        out.cString(e.buffer(), e.position() + GcView.NAME);
        end();
    }

    // Not in the original: "gce [%-3u  %16lu  begin|end]\n"
    @Override
    protected void gcepoch(Entry e) {
        GcepochView g = e.asGcepoch();
        tag(TAG_GCEPOCH);
        cpu(e);
        out.put(SEP);
        out.decimalRight(e.accessCount(), 16);
        out.put(SEP);
        out.put(g.begin() ? BEGIN : END);
        end();
    }
}
