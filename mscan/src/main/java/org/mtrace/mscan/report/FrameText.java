package org.mtrace.mscan.report;

/**
 * The parts of a code frame as the attribution renders it, {@code func at file:line} (addr2line's
 * {@code -f -s} form; {@code ??:0} when the image has no line for it).
 */
final class FrameText {
    private static final String AT = " at ";

    private FrameText() {
    }

    /** The function: {@code lockref_get}. */
    static String function(String frame) {
        int at = frame.indexOf(AT);
        return at < 0 ? frame : frame.substring(0, at);
    }

    /** The place, {@code lockref.c:50}, or null when there is none. */
    static String place(String frame) {
        int at = frame.indexOf(AT);
        return at < 0 ? null : frame.substring(at + AT.length());
    }

    /** The source file, {@code lockref.c}, or null when unknown ({@code ??}). */
    static String file(String frame) {
        String s = place(frame);
        if (s == null || s.startsWith("??")) {
            return null;
        }
        int colon = s.lastIndexOf(':');
        return colon < 0 ? s : s.substring(0, colon);
    }
}
