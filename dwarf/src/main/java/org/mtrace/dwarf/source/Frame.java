package org.mtrace.dwarf.source;

/** One addr2line frame: function (null if unknown), file basename ("??" if unknown) and line (0 if unknown). */
public record Frame(String function, String file, int line) {
    /** {@code func at file:line}; an unknown function prints as the queried PC in hex. */
    public String render(long pc) {
        String f = function != null ? function : "0x" + Long.toHexString(pc);
        return f + " at " + file + ":" + line;
    }
}
