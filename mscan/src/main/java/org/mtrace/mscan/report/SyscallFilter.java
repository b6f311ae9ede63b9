package org.mtrace.mscan.report;

import java.util.List;

/**
 * {@code --syscall} and {@code --exclude-syscall}: which transfers count by the system call,
 * interrupt, exception or kernel thread they were made in (the names of the report's system-call
 * table, {@link CodeNames#syscallName}). The model still sees every access; only the counting is
 * narrowed, as with {@code --cpu}.
 *
 * @param only   count only transfers made in one of these (null: no such restriction); a transfer in
 *               no system call is then left out
 * @param except leave out transfers made in one of these (null: none); a transfer in no system call
 *               still counts
 */
public record SyscallFilter(List<String> only, List<String> except) {
    public static final SyscallFilter ALL = new SyscallFilter(null, null);

    /** The filter of these option values (null: option not given); names are spelt as the user likes: {@code sys_openat} is {@code openat}. */
    public SyscallFilter {
        only = only == null ? null : only.stream().map(CodeNames::syscallOf).toList();
        except = except == null ? null : except.stream().map(CodeNames::syscallOf).toList();
    }

    boolean isAll() {
        return only == null && except == null;
    }

    /** Whether transfers made in the system call named {@code name} (null: in none) count. */
    boolean admits(String name) {
        if (name == null) {
            return only == null;
        }
        return (only == null || only.contains(name)) && (except == null || !except.contains(name));
    }
}
