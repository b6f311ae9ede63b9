package org.mtrace.analyses.distinct;

import java.util.List;
import java.util.Map;

/**
 * Which system calls make up one operation of a benchmark application (MSCAN.md §8.2). The
 * original knows only these five applications; {@code --op-syscalls=a,b,...} supplies the list
 * for any other (documented extension).
 */
final class AppOperations {
    private static final Map<String, List<String>> BUILT_IN = Map.of(
            "procy", List.of("stub_clone", "sys_exit_group", "sys_wait4"),
            "xv6-forktest", List.of("sys_fork", "sys_exit", "sys_wait"),
            "xv6-forktree", List.of("sys_fork", "sys_exit", "sys_wait"),
            "xv6-mapbench", List.of("sys_fork", "sys_exit", "sys_map", "sys_unmap", "sys_wait"),
            "xv6-dirbench", List.of("sys_open", "sys_close"));

    /** Wrapper prefixes of system-call entry functions on newer kernels (Linux 4.17+). */
    private static final List<String> WRAPPER_PREFIXES = List.of("__x64_", "__ia32_", "__se_", "__do_");

    private AppOperations() {
    }

    /** The system calls of {@code appName}, or null if unknown. */
    static List<String> syscallsOf(String appName) {
        return BUILT_IN.get(appName);
    }

    /**
     * The spelling-independent name of a system-call entry function: without the wrappers newer
     * kernels put around {@code sys_X} ({@code __x64_sys_openat}, {@code __se_sys_openat},
     * {@code __do_sys_openat} → {@code sys_openat}), and with the old x86-64 assembly stubs
     * ({@code stub_clone}) named like the call they enter ({@code sys_clone}). Different system
     * calls stay different ({@code sys_open} ≠ {@code sys_openat}).
     */
    static String canonicalSyscall(String function) {
        String s = function;
        boolean stripped;
        do {
            stripped = false;
            for (String p : WRAPPER_PREFIXES) {
                if (s.startsWith(p)) {
                    s = s.substring(p.length());
                    stripped = true;
                }
            }
        } while (stripped);
        return s.startsWith("stub_") ? "sys_" + s.substring("stub_".length()) : s;
    }
}
