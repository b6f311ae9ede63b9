package org.mtrace.mscan.engine;

import org.mtrace.format.EntryType;
import org.mtrace.format.RecordMode;
import org.mtrace.mscan.calls.CallStacks;
import org.mtrace.mscan.calls.CallTrace;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelAttribution;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.labels.Labels;
import org.mtrace.mscan.lines.FullTraceEvidence;

/**
 * What the original kept in global variables, as one explicit object (MSCAN.md §3): the current
 * enable state and record mode, the first enable entry, summary data (application name and
 * operations, machine size), per-CPU current fcall PC and thread id, the label maps, the call
 * stacks, and the attribution for descriptions. Updated by the built-in trackers before the
 * analyses see an entry; analyses only read it: nothing public changes it, and the label maps,
 * call stacks and attribution are handed out as their query interfaces ({@link Labels},
 * {@link CallStacks}, {@link Attribution}).
 */
public final class TraceState {
    /** CPU numbers are u16 in the log, so every possible CPU has a slot. */
    public static final int CPU_SLOTS = 1 << 16;

    private final LabelMaps labels;
    private final CallTrace calls = new CallTrace(CPU_SLOTS);
    private final KernelAttribution attribution;
    private final long[] callPc = new long[CPU_SLOTS];
    private final long[] tid = new long[CPU_SLOTS];

    // copy of the latest access_all_cpu host entry ("enable") and of "first" (§3 DefaultHost)
    long enableMode;
    long enableGlobalTs;
    boolean hostSeen;
    long firstMode;
    long firstGlobalTs;
    long firstHeaderTs;
    String appName = "";
    long appOps;
    long numCpus;
    long numRam;
    /** The machine entry's sampling (1 in this many accesses kept; 0 or 1: every one). */
    long sample;
    boolean machineSeen;
    /** Whether the movement-mode accesses are evidently every access (fed by the engine and the trackers). */
    final FullTraceEvidence fullTraceEvidence = new FullTraceEvidence();
    long entryIndex = -1;
    /** Bit m set: an access_all_cpu host entry enabled record mode m (1..63). Host entries only. */
    long modesEnabled;
    /** Bit c set: the log held an entry of type code c (set once per type, see Engine). */
    int typesSeen;
    /** Highest CPU number of an access entry so far (-1: none), and where the first access of that CPU is. */
    int highestAccessCpu = -1;
    long highestCpuEntry = -1;
    long highestCpuOffset = -1;
    /** Position of the last machine entry, for messages about its fields. */
    long machineEntry = -1;
    long machineOffset = -1;

    TraceState(KernelAttribution attribution, Diagnostics diagnostics) {
        this.attribution = attribution;
        this.labels = new LabelMaps(diagnostics);
    }

    /** The machine entry's sampling: the recorder kept 1 in this many accesses (0 or 1, or no machine entry: every one). */
    public long sample() {
        return sample;
    }

    /**
     * Whether the log's movement-mode accesses are evidently every access (a full trace,
     * {@code mtrace-record --all}), not those the recorder's filter kept; see {@link FullTraceEvidence}.
     * Known after the pass.
     */
    public boolean fullTrace() {
        return fullTraceEvidence.everyAccess(sample);
    }

    /** "Recording enabled": the latest access_all_cpu host entry has a non-zero mode. */
    public boolean recordingEnabled() {
        return enableMode != 0;
    }

    /** Mode of the latest access_all_cpu host entry (0 disable, 1 movement, 2 ascope, 3 kernelscope). */
    public long recordMode() {
        return enableMode;
    }

    /** {@code global_ts} of the latest access_all_cpu host entry. */
    public long enableGlobalTs() {
        return enableGlobalTs;
    }

    /** Whether any access_all_cpu host entry was seen. */
    public boolean hostSeen() {
        return hostSeen;
    }

    /** Mode of the "first" enable entry (§3: first type-1 host entry with a non-zero header ts). */
    public long firstMode() {
        return firstMode;
    }

    /** {@code global_ts} of the "first" enable entry. */
    public long firstGlobalTs() {
        return firstGlobalTs;
    }

    /** The first non-empty trace name (≤ 32 bytes), or "". */
    public String appName() {
        return appName;
    }

    /** {@code u64} of the last appdata entry. */
    public long appOps() {
        return appOps;
    }

    /** {@code num_cpus} of the last machine entry (0 if none). */
    public long numCpus() {
        return numCpus;
    }

    /** {@code num_ram} of the last machine entry. */
    public long numRam() {
        return numRam;
    }

    /** Highest CPU number of an access entry read so far, or -1. */
    public int highestAccessCpu() {
        return highestAccessCpu;
    }

    /**
     * A machine of up to this many CPUs is believed even when some of them logged no access (a
     * real recording: an idle vCPU, or one whose accesses the movement filter never logged);
     * output sized by it stays small (cache-assoc: 256 blocks of 512 sets).
     */
    static final int PLAUSIBLE_CPUS = 256;

    /**
     * Checks a CPU count that sizes an output (one block per CPU) against the CPUs the log shows
     * at work: a count above both {@link #PLAUSIBLE_CPUS} and the highest CPU of any access entry
     * plus one is impossible (a forged {@code num_cpus} of 65535 in a 1 MB log would otherwise
     * ask for gigabytes of output).
     *
     * @param machineEntry index of the machine entry the count comes from
     * @param machineOffset its byte offset
     * @throws AnalysisException naming the machine entry if the count is impossible
     */
    public void checkCpuCount(long numCpus, long machineEntry, long machineOffset) {
        if (numCpus > Math.max(highestAccessCpu + 1L, PLAUSIBLE_CPUS)) {
            throw new AnalysisException("num_cpus " + numCpus + " of the machine entry " + machineEntry + " at byte offset "
                    + machineOffset + " is impossible: " + (highestAccessCpu < 0 ? "no access entry names a CPU"
                    : "no access entry names a CPU above " + highestAccessCpu));
        }
    }

    /** {@link #checkCpuCount} for the last machine entry's {@code num_cpus}. */
    public void checkNumCpus() {
        checkCpuCount(numCpus, machineEntry, machineOffset);
    }

    /**
     * Checks the highest CPU of the access entries, for an output with a count per CPU up to it
     * in every row: no access entry may name a CPU at or above the last machine entry's
     * {@code num_cpus} (one forged CPU 65535 would otherwise pad every row to 65,536 numbers).
     * Without a machine entry there is nothing to check against.
     *
     * @throws AnalysisException naming the access entry
     */
    public void checkAccessCpus() {
        if (machineSeen && highestAccessCpu >= numCpus) {
            throw new AnalysisException("the access entry " + highestCpuEntry + " at byte offset " + highestCpuOffset
                    + " names CPU " + highestAccessCpu + ", impossible after the machine entry " + machineEntry
                    + " at byte offset " + machineOffset + " with num_cpus " + numCpus);
        }
    }

    public boolean machineSeen() {
        return machineSeen;
    }

    /** Entry PC of the fcall stack running on {@code cpu} (0 = none), per DefaultFcall. */
    public long callPc(int cpu) {
        return callPc[cpu];
    }

    /** Thread id of the fcall stack running on {@code cpu} (0 = none), per DefaultFcall. */
    public long tid(int cpu) {
        return tid[cpu];
    }

    /** The label maps, read-only. */
    public Labels labels() {
        return labels;
    }

    /** The label maps for the trackers, which add and remove labels. */
    LabelMaps labelMaps() {
        return labels;
    }

    /** The call stacks, read-only. */
    public CallStacks calls() {
        return calls;
    }

    /** The call stacks for the trackers, which feed them fcall and call entries. */
    CallTrace callTrace() {
        return calls;
    }

    /** Address and PC descriptions, read-only. */
    public Attribution attribution() {
        return attribution;
    }

    /** The attribution for the trackers, which declare per-CPU areas and module regions. */
    KernelAttribution kernelAttribution() {
        return attribution;
    }

    /** Index (0-based) of the entry being dispatched; after the pass, of the last entry read. */
    public long entryIndex() {
        return entryIndex;
    }

    /**
     * Whether an access_all_cpu host entry so far enabled recording in {@code mode} (for
     * {@link RecordMode#DISABLE}: whether one disabled it).
     */
    public boolean recordedIn(RecordMode mode) {
        return (modesEnabled & (1L << mode.code())) != 0;
    }

    /** Whether the log held an entry of this type so far (after the pass: anywhere in the log). */
    public boolean logHas(EntryType type) {
        return (typesSeen & (1 << type.code())) != 0;
    }

    void setCurrentCall(int cpu, long pc, long threadId) {
        callPc[cpu] = pc;
        tid[cpu] = threadId;
    }
}
