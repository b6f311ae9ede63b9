package org.mtrace.mscan.report;

import java.util.List;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.KernelLayout;

/** How the report names code: a PC's source line and file, a system call's entry function. */
final class CodeNames {
    private static final String[] SYSCALL_PREFIXES = {"__x64_sys_", "__ia32_sys_", "__se_sys_", "__do_sys_", "ksys_", "sys_"};

    private final Attribution attribution;
    private final KernelInfo kernel;

    CodeNames(Attribution attribution) {
        this.attribution = attribution;
        this.kernel = attribution.kernel();
    }

    /** {@code file:line} of the innermost frame at {@code pc}, or null without line information. */
    String sourceLine(long pc) {
        String s = kernel.source(pc);
        String place = s == null ? null : FrameText.place(s);
        return place != null ? place : s;
    }

    /** The source file of the innermost frame at {@code pc}, or null without line information. */
    String sourceFile(long pc) {
        String s = kernel.source(pc);
        return s == null ? null : FrameText.file(s);
    }

    /**
     * The PC a code-profile name stands for when it is a user-space PC's hex value (the kernel image
     * names no user code, so such a PC keeps it), else -1.
     */
    static long userPc(String name) {
        if (!name.startsWith("0x")) {
            return -1;
        }
        try {
            long pc = Long.parseUnsignedLong(name.substring(2), 16);
            return KernelLayout.isUser(pc) ? pc : -1;
        } catch (NumberFormatException e) {
            return -1; // a name that only looks like a number
        }
    }

    /**
     * The outermost inline frame at {@code pc} ({@code func at file:line}): its function is the
     * out-of-line one whose code holds the PC, perf's symbol.
     */
    static String outOfLineFrame(Attribution attribution, long pc) {
        List<String> frames = attribution.describeAll(pc); // innermost first
        return frames.get(frames.size() - 1);
    }

    /** The out-of-line function whose code holds {@code pc} (that of {@link #outOfLineFrame}). */
    static String outOfLineFunction(Attribution attribution, long pc) {
        return FrameText.function(outOfLineFrame(attribution, pc));
    }

    /** The system call of an entry function: {@code __x64_sys_openat} → {@code openat}. */
    String syscallName(long entryPc) {
        return syscallName(attribution, entryPc);
    }

    /** {@link #syscallName(long)} with the attribution given (the pass's, for {@link SyscallGate}). */
    static String syscallName(Attribution attribution, long entryPc) {
        return syscallOf(attribution.func(entryPc));
    }

    /** The system call an entry function's name stands for: {@code __x64_sys_openat} → {@code openat}; other names as they are. */
    static String syscallOf(String function) {
        for (String prefix : SYSCALL_PREFIXES) {
            if (function.startsWith(prefix) && function.length() > prefix.length()) {
                return function.substring(prefix.length());
            }
        }
        return function;
    }
}
