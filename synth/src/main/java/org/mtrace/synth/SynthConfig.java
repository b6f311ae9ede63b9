package org.mtrace.synth;

import java.util.zip.Deflater;
import org.mtrace.format.io.Compression;
import org.mtrace.synth.recorder.EmulatorOptions;
import org.mtrace.synth.recorder.TraceMode;
import org.mtrace.synth.workload.PatternMix;
import org.mtrace.synth.workload.Workload;
import org.mtrace.synth.workload.WorkloadSpec;

/**
 * Everything that determines a synthetic log. Equal configurations give
 * byte-identical logs. Build one with {@link #builder()}; every setting has a
 * default.
 *
 * @param cpus        virtual CPUs (1..256)
 * @param entries     exact number of entries in the log
 * @param seed        random seed
 * @param mode        what the simulated emulator records
 * @param mix         pattern weights
 * @param compression container of the written file
 * @param level       deflate level 1..9 for gzip/bgzf
 * @param calls       emit call/ret entries (as with {@code -mtrace-calls})
 * @param traceName   the name enabling host entries carry (mscan's app name)
 * @param phases      number of enable ... disable recording phases
 * @param locked      log LOCK-prefixed accesses with the lock flag even if they move no line ({@code -mtrace-locked})
 * @param sample      keep one of every {@code sample} access entries ({@code -mtrace-sample})
 */
public record SynthConfig(int cpus, long entries, long seed, TraceMode mode, PatternMix mix, Compression compression,
        int level, boolean calls, String traceName, int phases, boolean locked, int sample) {

    public static final int DEFAULT_CPUS = 8;
    public static final long DEFAULT_ENTRIES = 1_000_000;
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_LEVEL = 1;
    public static final String DEFAULT_NAME = "synth";

    public SynthConfig {
        if (cpus < 1 || cpus > Workload.MAX_CPUS) {
            throw new IllegalArgumentException("--cpus must be between 1 and " + Workload.MAX_CPUS + ", got " + cpus);
        }
        if (entries < 1) {
            throw new IllegalArgumentException("--entries must be positive, got " + entries);
        }
        if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("--level must be between 1 and 9, got " + level);
        }
        if (phases < 1 || phases > 1000) {
            throw new IllegalArgumentException("--phases must be between 1 and 1000, got " + phases);
        }
        if (sample < 1) {
            throw new IllegalArgumentException("--sample must be at least 1, got " + sample);
        }
        if (traceName.isEmpty()) {
            throw new IllegalArgumentException("--name must not be empty");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().cpus(cpus).entries(entries).seed(seed).mode(mode).mix(mix).compression(compression)
                .level(level).calls(calls).traceName(traceName).phases(phases).locked(locked).sample(sample);
    }

    EmulatorOptions emulatorOptions() {
        return new EmulatorOptions(mode, locked, sample);
    }

    WorkloadSpec workloadSpec() {
        return new WorkloadSpec(cpus, entries, seed, mix, calls, traceName, phases);
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int cpus = DEFAULT_CPUS;
        private long entries = DEFAULT_ENTRIES;
        private long seed = DEFAULT_SEED;
        private TraceMode mode = TraceMode.MOVEMENT;
        private PatternMix mix = PatternMix.DEFAULT;
        private Compression compression = Compression.BGZF;
        private int level = DEFAULT_LEVEL;
        private boolean calls;
        private String traceName = DEFAULT_NAME;
        private int phases = 1;
        private boolean locked;
        private int sample = 1;

        public Builder cpus(int v) {
            cpus = v;
            return this;
        }

        public Builder entries(long v) {
            entries = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder mode(TraceMode v) {
            mode = v;
            return this;
        }

        public Builder mix(PatternMix v) {
            mix = v;
            return this;
        }

        public Builder compression(Compression v) {
            compression = v;
            return this;
        }

        public Builder level(int v) {
            level = v;
            return this;
        }

        public Builder calls(boolean v) {
            calls = v;
            return this;
        }

        public Builder traceName(String v) {
            traceName = v;
            return this;
        }

        public Builder phases(int v) {
            phases = v;
            return this;
        }

        public Builder locked(boolean v) {
            locked = v;
            return this;
        }

        public Builder sample(int v) {
            sample = v;
            return this;
        }

        public SynthConfig build() {
            return new SynthConfig(cpus, entries, seed, mode, mix, compression, level, calls, traceName, phases,
                    locked, sample);
        }
    }
}
