package org.mtrace.synth;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.mtrace.format.EntryType;

/**
 * What a generation run produced: entries per type, uncompressed bytes, bytes
 * written to the output, system calls simulated, enabled accesses (the
 * emulator's access counter) and wall time.
 */
public final class SynthStats {
    private final long[] countByType;
    private final long bytes;
    private final long outputBytes;
    private final long operations;
    private final long enabledAccesses;
    private final Duration elapsed;

    SynthStats(long[] countByType, long bytes, long outputBytes, long operations, long enabledAccesses,
            Duration elapsed) {
        this.countByType = countByType.clone();
        this.bytes = bytes;
        this.outputBytes = outputBytes;
        this.operations = operations;
        this.enabledAccesses = enabledAccesses;
        this.elapsed = elapsed;
    }

    public long entries() {
        return Arrays.stream(countByType).sum();
    }

    public long count(EntryType type) {
        return countByType[type.code()];
    }

    /** Uncompressed size of the entry stream. */
    public long bytes() {
        return bytes;
    }

    /** Bytes written to the output (after compression); -1 if unknown. */
    public long outputBytes() {
        return outputBytes;
    }

    public long operations() {
        return operations;
    }

    public long enabledAccesses() {
        return enabledAccesses;
    }

    public Duration elapsed() {
        return elapsed;
    }

    /** A multi-line human-readable summary (for stderr). */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
        sb.append(String.format(Locale.ROOT, "entries      %,d in %.2f s (%,.0f entries/s, %.1f MB/s uncompressed)%n",
                entries(), seconds, entries() / seconds, bytes / seconds / 1e6));
        sb.append(String.format(Locale.ROOT, "bytes        %,d uncompressed", bytes));
        if (outputBytes >= 0) {
            sb.append(String.format(Locale.ROOT, ", %,d written", outputBytes));
        }
        sb.append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "syscalls     %,d; enabled accesses %,d%n", operations, enabledAccesses));
        for (EntryType t : EntryType.values()) {
            if (countByType[t.code()] > 0) {
                sb.append(String.format(Locale.ROOT, "  %-8s %,14d%n", t.spelling(), countByType[t.code()]));
            }
        }
        return sb.toString();
    }
}
