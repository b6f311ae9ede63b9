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

    private AppOperations() {
    }

    /** The system calls of {@code appName}, or null if unknown. */
    static List<String> syscallsOf(String appName) {
        return BUILT_IN.get(appName);
    }
}
