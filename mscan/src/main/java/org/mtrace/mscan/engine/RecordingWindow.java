package org.mtrace.mscan.engine;

import org.mtrace.format.HostType;
import org.mtrace.format.HostView;

/**
 * "Active between a host access_all_cpu entry with one of some record modes and one with mode 0"
 * (all-sharing, cache-assoc, check-gc). Other modes and other host types leave the state alone
 * (the original's rule), unless the window is {@link #whileMode exact}.
 */
public final class RecordingWindow {
    private final long startModes;
    private final boolean exact;
    private boolean active;

    /** @param modes record modes (0..63) that open the window */
    public RecordingWindow(int... modes) {
        this(false, modes);
    }

    private RecordingWindow(boolean exact, int... modes) {
        long m = 0;
        for (int mode : modes) {
            m |= 1L << mode;
        }
        this.startModes = m;
        this.exact = exact;
    }

    /**
     * Active exactly while the latest access_all_cpu entry set {@code mode}: any other mode closes
     * it (the recorder then filters accesses by that other mode's rules).
     */
    public static RecordingWindow whileMode(int mode) {
        return new RecordingWindow(true, mode);
    }

    /** Updates the window from a host entry; returns whether it is open afterwards. */
    public boolean update(HostView h) {
        if (h.hostType() != HostType.ACCESS_ALL_CPU.code()) {
            return active;
        }
        long mode = h.mode();
        if (exact) {
            active = mode < 64 && (startModes & (1L << mode)) != 0;
        } else if (mode == 0) {
            active = false;
        } else if (mode < 64 && (startModes & (1L << mode)) != 0) {
            active = true;
        }
        return active;
    }

    public boolean active() {
        return active;
    }
}
