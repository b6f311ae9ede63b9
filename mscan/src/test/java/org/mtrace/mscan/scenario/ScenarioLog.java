package org.mtrace.mscan.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.mtrace.format.AccessType;
import org.mtrace.format.FcallState;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.AppdataRecord;
import org.mtrace.format.record.CallRecord;
import org.mtrace.format.record.EntryRecord;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.MachineRecord;
import org.mtrace.format.record.SegmentRecord;

/**
 * Writes small scenario logs for tests with one call per entry, in the vocabulary of MSCAN.md
 * (record mode changes, fcall states, labels, accesses). Non-access entries get increasing
 * header time stamps (so the "first enable" rule sees non-zero ts); accesses get ts 0 as the
 * emulator writes them. Any other entry can be added with {@link #raw(EntryRecord)}.
 */
public final class ScenarioLog implements AutoCloseable {
    private final LogWriter writer;
    private long ts = 1;

    private ScenarioLog(LogWriter writer) {
        this.writer = writer;
    }

    public static ScenarioLog create(Path path) throws IOException {
        return new ScenarioLog(LogWriter.create(path, Compression.GZIP));
    }

    private Header header(int cpu) {
        return new Header(cpu, 0, ts++);
    }

    /** access_all_cpu host entry: mode 0 disable, 1 movement, 2 ascope, 3 kernelscope. */
    public ScenarioLog mode(int cpu, long mode, long globalTs, String name) {
        return raw(HostRecord.recordMode(header(cpu), globalTs, mode, name));
    }

    public ScenarioLog machine(int numCpus, long numRam) {
        return machine(numCpus, numRam, 0);
    }

    /** A machine entry whose recorder kept 1 in {@code sample} accesses ({@code -mtrace-sample}). */
    public ScenarioLog machine(int numCpus, long numRam, long sample) {
        return raw(new MachineRecord(header(0), numCpus, numRam, 0, sample, false, true));
    }

    public ScenarioLog appdata(long ops) {
        return raw(new AppdataRecord(header(0), 1, ops));
    }

    public ScenarioLog fcall(int cpu, FcallState state, long tid, long pc, long tag) {
        return raw(new FcallRecord(header(cpu), tid, pc, tag, 0, state.code()));
    }

    /** A task entry naming thread {@code tid} {@code name} when it starts (type 1) or execs a program (type 2). */
    public ScenarioLog task(int cpu, long tid, long taskType, String name) {
        return raw(new org.mtrace.format.record.TaskRecord(header(cpu), tid, tid, taskType, name));
    }

    /** A sched entry: thread {@code tid} now runs on {@code cpu}. */
    public ScenarioLog sched(int cpu, long tid) {
        return raw(new org.mtrace.format.record.SchedRecord(header(cpu), tid));
    }

    public ScenarioLog call(int cpu, long targetPc, long returnPc) {
        return raw(new CallRecord(header(cpu), targetPc, returnPc, 0));
    }

    public ScenarioLog ret(int cpu) {
        return raw(new CallRecord(header(cpu), 0, 0, 1));
    }

    /** A label (bytes ≠ 0 adds, bytes = 0 removes). */
    public ScenarioLog label(int cpu, int labelType, String name, long guestAddr, long bytes, long allocPc) {
        return raw(new LabelRecord(header(cpu), 0, labelType, name, guestAddr, bytes, allocPc));
    }

    public ScenarioLog segment(int cpu, long base, long end) {
        return raw(new SegmentRecord(header(cpu), base, end, cpu, 4));
    }

    public ScenarioLog load(int cpu, long pc, long addr, int bytes, boolean traffic) {
        return access(cpu, AccessType.LD, pc, addr, bytes, traffic, false);
    }

    public ScenarioLog store(int cpu, long pc, long addr, int bytes, boolean traffic) {
        return access(cpu, AccessType.ST, pc, addr, bytes, traffic, false);
    }

    public ScenarioLog access(int cpu, AccessType type, long pc, long addr, int bytes, boolean traffic, boolean lock) {
        return raw(new AccessRecord(new Header(cpu, 0, 0), type.code(), traffic, lock, false, pc, 0, addr, bytes));
    }

    public ScenarioLog raw(EntryRecord record) {
        try {
            writer.write(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
