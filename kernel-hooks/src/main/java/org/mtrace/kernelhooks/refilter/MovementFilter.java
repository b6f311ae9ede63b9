package org.mtrace.kernelhooks.refilter;

import org.mtrace.mscan.lines.TransferModel;

/**
 * The cache-line movement filter of FORMAT.md 6.3 with a chosen line size, as the recorder plugin
 * applies it (recorder/src/movement.c, 64-byte lines). The model itself is mscan's
 * {@link TransferModel}, the one the contention report replays, so the refilter and the report
 * cannot disagree about which access moves a line.
 */
public final class MovementFilter {
    public static final int MAX_CPUS = TransferModel.MAX_CPUS;

    private final TransferModel model;

    /** @param lineSize a power of two (bytes) */
    public MovementFilter(int lineSize) {
        this.model = new TransferModel(lineSize);
    }

    /** Every line becomes present in every CPU's cache (the recorder does this on entering movement mode). */
    public void reset() {
        model.reset();
    }

    /**
     * Applies an access of {@code bytes} bytes at physical address {@code pa}; an access that
     * straddles two lines is applied to both and is traffic if either line moves (as the plugin does).
     */
    public boolean access(long pa, int bytes, int cpu, boolean store) {
        return model.access(pa, bytes, cpu, store);
    }
}
