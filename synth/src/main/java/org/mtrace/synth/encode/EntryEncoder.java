package org.mtrace.synth.encode;

import java.util.Arrays;
import org.mtrace.format.AccessView;
import org.mtrace.format.AppdataView;
import org.mtrace.format.AscopeView;
import org.mtrace.format.AvarView;
import org.mtrace.format.Bytes;
import org.mtrace.format.CallView;
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
 * Encodes entries into one reusable buffer at the offsets the format's view
 * classes declare, and hands each to an {@link EntrySink}. Every method writes
 * every byte of its layout (padding and unused bit-field bits as zero,
 * FORMAT.md §7), so nothing stale from an earlier entry leaks through.
 * Header values (cpu, access_count, ts) are the caller's business: this class
 * knows bytes, not recording semantics.
 */
public final class EntryEncoder {
    private final byte[] buf = new byte[EntryType.MAX_ENTRY_SIZE];
    private final EntrySink sink;
    private final long[] countByType = new long[EntryType.CODE_LIMIT];
    private long bytes;
    private long entries;

    public EntryEncoder(EntrySink sink) {
        this.sink = sink;
    }

    private void header(EntryType type, int cpu, long accessCount, long ts) {
        Bytes.put32(buf, 0, type.code());
        Bytes.put16(buf, 4, type.layoutSize());
        Bytes.put16(buf, 6, cpu);
        Bytes.put64(buf, 8, accessCount);
        Bytes.put64(buf, 16, ts);
    }

    private void emit(EntryType type) {
        int size = type.layoutSize();
        countByType[type.code()]++;
        entries++;
        bytes += size;
        sink.accept(buf, size);
    }

    public void label(int cpu, long accessCount, long ts, long hostAddr, int labelType, FixedString str,
            long guestAddr, long length, long pc) {
        header(EntryType.LABEL, cpu, accessCount, ts);
        Bytes.put64(buf, LabelView.HOST_ADDR, hostAddr);
        Bytes.put32(buf, LabelView.LABEL_TYPE, labelType);
        str.copyTo(buf, LabelView.STR);
        Bytes.put64(buf, LabelView.GUEST_ADDR, guestAddr);
        Bytes.put64(buf, LabelView.BYTES, length);
        Bytes.put64(buf, LabelView.PC, pc);
        emit(EntryType.LABEL);
    }

    /** An access entry; its header ts is always 0 (FORMAT.md §5.2). */
    public void access(int cpu, long accessIndex, int accessType, boolean traffic, boolean lock, long pc,
            long hostAddr, long guestAddr, int width) {
        header(EntryType.ACCESS, cpu, accessIndex, 0);
        Bytes.put32(buf, AccessView.ACCESS_TYPE, accessType);
        Bytes.put8(buf, AccessView.FLAGS, (traffic ? 1 << AccessView.TRAFFIC_BIT : 0)
                | (lock ? 1 << AccessView.LOCK_BIT : 0));
        Bytes.put64(buf, AccessView.PC, pc);
        Bytes.put64(buf, AccessView.HOST_ADDR, hostAddr);
        Bytes.put64(buf, AccessView.GUEST_ADDR, guestAddr);
        Bytes.put8(buf, AccessView.BYTES, width);
        emit(EntryType.ACCESS);
    }

    /** A host access_all_cpu entry (set the record mode); the union tail is zeroed. */
    public void hostRecordMode(int cpu, long accessCount, long ts, long globalTs, int mode, FixedString name) {
        hostCommon(cpu, accessCount, ts, globalTs, 1);
        Bytes.put32(buf, HostView.MODE, mode);
        name.copyTo(buf, HostView.ACCESS_STR);
        emit(EntryType.HOST);
    }

    /** A host call_clear_cpu (2) or call_set_cpu (3) entry. */
    public void hostCallTracing(int cpu, long accessCount, long ts, long globalTs, int hostType, long callCpu) {
        hostCommon(cpu, accessCount, ts, globalTs, hostType);
        Bytes.put64(buf, HostView.CALL_CPU, callCpu);
        emit(EntryType.HOST);
    }

    private void hostCommon(int cpu, long accessCount, long ts, long globalTs, int hostType) {
        header(EntryType.HOST, cpu, accessCount, ts);
        Bytes.put32(buf, HostView.HOST_TYPE, hostType);
        Bytes.put64(buf, HostView.GLOBAL_TS, globalTs);
        Arrays.fill(buf, HostView.MODE, EntryType.HOST.layoutSize(), (byte) 0);
    }

    public void fcall(int cpu, long accessCount, long ts, long tid, long pc, long tag, int depth, int state) {
        header(EntryType.FCALL, cpu, accessCount, ts);
        Bytes.put64(buf, FcallView.TID, tid);
        Bytes.put64(buf, FcallView.PC, pc);
        Bytes.put64(buf, FcallView.TAG, tag);
        Bytes.put16(buf, FcallView.DEPTH, depth);
        Bytes.put32(buf, FcallView.STATE, state);
        emit(EntryType.FCALL);
    }

    public void segment(int cpu, long accessCount, long ts, long base, long end, int segmentCpu, int objectType) {
        header(EntryType.SEGMENT, cpu, accessCount, ts);
        Bytes.put64(buf, SegmentView.BASE_ADDR, base);
        Bytes.put64(buf, SegmentView.END_ADDR, end);
        Bytes.put16(buf, SegmentView.SEGMENT_CPU, segmentCpu);
        Bytes.put32(buf, SegmentView.OBJECT_TYPE, objectType);
        emit(EntryType.SEGMENT);
    }

    /**
     * A call (ret = false) or return (ret = true). The original leaves the
     * header ts uninitialised; we write 0.
     */
    public void call(int cpu, long accessCount, long targetPc, long returnPc, boolean ret) {
        header(EntryType.CALL, cpu, accessCount, 0);
        Bytes.put64(buf, CallView.TARGET_PC, targetPc);
        Bytes.put64(buf, CallView.RETURN_PC, returnPc);
        Bytes.put32(buf, CallView.RET, ret ? 1 : 0);
        emit(EntryType.CALL);
    }

    public void lock(int cpu, long accessCount, long ts, long pc, long lockAddr, FixedString str, int op,
            boolean read) {
        header(EntryType.LOCK, cpu, accessCount, ts);
        Bytes.put64(buf, LockView.PC, pc);
        Bytes.put64(buf, LockView.LOCK, lockAddr);
        str.copyTo(buf, LockView.STR);
        Bytes.put32(buf, LockView.OP, op);
        Bytes.put8(buf, LockView.READ, read ? 1 : 0);
        emit(EntryType.LOCK);
    }

    public void task(int cpu, long accessCount, long ts, long tid, long tgid, int taskType, FixedString str) {
        header(EntryType.TASK, cpu, accessCount, ts);
        Bytes.put64(buf, TaskView.TID, tid);
        Bytes.put64(buf, TaskView.TGID, tgid);
        Bytes.put32(buf, TaskView.TASK_TYPE, taskType);
        str.copyTo(buf, TaskView.STR);
        emit(EntryType.TASK);
    }

    public void sched(int cpu, long accessCount, long ts, long tid) {
        header(EntryType.SCHED, cpu, accessCount, ts);
        Bytes.put64(buf, SchedView.TID, tid);
        emit(EntryType.SCHED);
    }

    /** A machine entry: written by the emulator at start-up with cpu 0 and ts 0 (FORMAT.md §5.10). */
    public void machine(long accessCount, int numCpus, long numRam, long quantum, long sample, boolean locked,
            boolean calls) {
        header(EntryType.MACHINE, 0, accessCount, 0);
        Bytes.put16(buf, MachineView.NUM_CPUS, numCpus);
        Bytes.put64(buf, MachineView.NUM_RAM, numRam);
        Bytes.put64(buf, MachineView.QUANTUM, quantum);
        Bytes.put64(buf, MachineView.SAMPLE, sample);
        Bytes.put8(buf, MachineView.FLAGS, (locked ? 1 << MachineView.LOCKED_BIT : 0)
                | (calls ? 1 << MachineView.CALLS_BIT : 0));
        emit(EntryType.MACHINE);
    }

    public void appdata(int cpu, long accessCount, long ts, int appdataType, long value) {
        header(EntryType.APPDATA, cpu, accessCount, ts);
        Bytes.put16(buf, AppdataView.APPDATA_TYPE, appdataType);
        Bytes.put64(buf, AppdataView.U64, value);
        emit(EntryType.APPDATA);
    }

    public void ascope(int cpu, long accessCount, long ts, boolean exit, FixedString name) {
        header(EntryType.ASCOPE, cpu, accessCount, ts);
        Bytes.put8(buf, AscopeView.FLAGS, exit ? 1 << AscopeView.EXIT_BIT : 0);
        name.copyTo(buf, AscopeView.NAME);
        emit(EntryType.ASCOPE);
    }

    public void avar(int cpu, long accessCount, long ts, boolean write, FixedString name) {
        header(EntryType.AVAR, cpu, accessCount, ts);
        Bytes.put8(buf, AvarView.FLAGS, write ? 1 << AvarView.WRITE_BIT : 0);
        name.copyTo(buf, AvarView.NAME);
        emit(EntryType.AVAR);
    }

    public void gc(int cpu, long accessCount, long ts, long base, long nbytes, FixedString name, boolean gc) {
        header(EntryType.GC, cpu, accessCount, ts);
        Bytes.put64(buf, GcView.BASE, base);
        Bytes.put64(buf, GcView.NBYTES, nbytes);
        name.copyTo(buf, GcView.NAME);
        Bytes.put8(buf, GcView.FLAGS, gc ? 1 << GcView.GC_BIT : 0);
        emit(EntryType.GC);
    }

    public void gcepoch(int cpu, long accessCount, long ts, boolean begin) {
        header(EntryType.GCEPOCH, cpu, accessCount, ts);
        Bytes.put8(buf, GcepochView.FLAGS, begin ? 1 << GcepochView.BEGIN_BIT : 0);
        emit(EntryType.GCEPOCH);
    }

    /** Entries encoded so far. */
    public long entries() {
        return entries;
    }

    /** Entries encoded so far of one type. */
    public long count(EntryType type) {
        return countByType[type.code()];
    }

    /** Uncompressed bytes encoded so far. */
    public long bytes() {
        return bytes;
    }
}
