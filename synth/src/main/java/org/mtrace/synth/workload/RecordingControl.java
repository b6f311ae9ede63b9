package org.mtrace.synth.workload;

import org.mtrace.format.RecordMode;
import org.mtrace.synth.encode.FixedString;
import org.mtrace.synth.recorder.Recorder;

/**
 * The guest's control of recording (what mtrace-magic and the benchmark
 * harness do): enable the record mode under a trace name, switch call
 * tracing on every CPU, move from one named phase to the next, and finally
 * disable recording. All commands are issued from the boot CPU except the
 * per-CPU call-tracing switches, which each CPU issues for itself.
 */
final class RecordingControl {
    private final Recorder rec;
    private final int cpus;
    private final boolean calls;
    private final RecordMode mode;
    private final FixedString[] phaseNames;
    private int phase;

    RecordingControl(Recorder rec, WorkloadSpec spec) {
        this.rec = rec;
        this.cpus = spec.cpus();
        this.calls = spec.calls();
        this.mode = rec.traceMode().recordMode();
        this.phaseNames = new FixedString[spec.phases()];
        for (int p = 0; p < phaseNames.length; p++) {
            phaseNames[p] = spec.phaseName(p);
        }
    }

    /** Enables recording for the first phase, then call tracing (which takes the mode current at the switch). */
    void start() {
        rec.setRecordMode(World.BOOT_CPU, mode, phaseNames[0]);
        setCallTracing(true);
    }

    int phase() {
        return phase;
    }

    /** Ends the current phase and starts phase {@code next} (in movement mode this resets the line state). */
    void startPhase(int next) {
        rec.setRecordMode(World.BOOT_CPU, RecordMode.DISABLE, phaseNames[phase]);
        phase = next;
        rec.setRecordMode(World.BOOT_CPU, mode, phaseNames[phase]);
    }

    /** Switches call tracing off and disables recording. */
    void stop() {
        setCallTracing(false);
        rec.setRecordMode(World.BOOT_CPU, RecordMode.DISABLE, phaseNames[phase]);
    }

    /** Entries {@link #stop()} logs. */
    int stopEntries() {
        return (calls ? cpus : 0) + 1;
    }

    /** Entries each {@link #startPhase} logs. */
    static int phaseChangeEntries() {
        return 2;
    }

    private void setCallTracing(boolean on) {
        if (calls) {
            for (int c = 0; c < cpus; c++) {
                rec.setCallTracing(c, on);
            }
        }
    }
}
