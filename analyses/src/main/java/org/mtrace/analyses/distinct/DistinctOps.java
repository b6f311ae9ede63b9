package org.mtrace.analyses.distinct;

import java.util.List;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisException;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.util.Unsigned;

/**
 * {@code --distinct-ops} (MSCAN.md §8.2): distinct moved lines per application-level operation,
 * summed over the system calls that make up one operation of the traced application, divided by
 * the operation count from the last appdata entry. Reads distinct-sys' statistics.
 */
public final class DistinctOps implements Analysis {
    private final DistinctSyscalls syscalls;
    private final Attribution attribution;
    /** Explicit system-call list (--op-syscalls), or null to use the application table. */
    private final List<String> explicitSyscalls;

    DistinctOps(DistinctSyscalls syscalls, Attribution attribution, List<String> explicitSyscalls) {
        this.syscalls = syscalls;
        this.attribution = attribution;
        this.explicitSyscalls = explicitSyscalls;
    }

    @Override
    public String name() {
        return "distinct-ops";
    }

    /**
     * A kernel image when system calls are named by function (the application table, or
     * --op-syscalls names that are not {@code 0x} PCs): without one every function is named after
     * its PC, and the pass would end in "unable to find".
     */
    @Override
    public Requirements requirements() {
        boolean byFunctionName = explicitSyscalls == null || explicitSyscalls.stream().anyMatch(n -> !byPc(n));
        return byFunctionName ? Requirements.NONE.andKernelImage()
                .withHint("it finds the application's system calls by function name (or give them as PCs: --op-syscalls=0x...)")
                : Requirements.NONE;
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        List<String> names = explicitSyscalls != null ? explicitSyscalls : AppOperations.syscallsOf(state.appName());
        if (names == null) {
            // the original's words, then what to do: its table knows five applications
            throw new AnalysisException("DistinctOps::exit unable to find '" + state.appName() + "' (an application "
                    + "the table does not know: name its system calls with --op-syscalls=SYS,...)");
        }
        syscalls.closeRemaining();
        long[] pcs = syscalls.pcs();
        long sum = 0;
        for (String name : names) {
            sum += syscalls.distinct(lowestPcOf(name, pcs));
        }
        long ops = state.appOps();
        out.key("distinct-per-op").beginObject()
                .key("ops").unsignedValue(ops)
                .key("distinct").value(sum)
                .key("ave").floatValue(ops == 0 ? 0f : (float) sum / (float) ops)
                .endObject();
    }

    /**
     * The lowest entry PC whose function is {@code name} (the original's rule); if there is none,
     * the lowest whose function is another spelling of the same system call on a newer kernel
     * ({@link AppOperations#canonicalSyscall}: {@code __x64_sys_open} for {@code sys_open},
     * {@code __x64_sys_clone} for {@code stub_clone}). pcs are ascending.
     */
    private long lowestPcOf(String name, long[] pcs) {
        if (byPc(name)) {
            return entryPc(name, pcs);
        }
        for (long pc : pcs) {
            if (attribution.func(pc).equals(name)) {
                return pc;
            }
        }
        String wanted = AppOperations.canonicalSyscall(name);
        for (long pc : pcs) {
            if (AppOperations.canonicalSyscall(attribution.func(pc)).equals(wanted)) {
                return pc;
            }
        }
        throw new AnalysisException("DistinctOps::exit: unable to find " + name);
    }

    /** Whether a system call of --op-syscalls is given by its entry PC ({@code 0x...}), not by function name. */
    private static boolean byPc(String name) {
        return name.startsWith("0x");
    }

    /**
     * The entry PC {@code hex} names ({@code 0x...}, as --op-syscalls takes them) if the log has
     * a system call entered there. By value, not by the function name at it: with a kernel image
     * the function at a PC is named, and a PC given as such matched no name.
     */
    private static long entryPc(String hex, long[] pcs) {
        long wanted;
        try {
            wanted = Unsigned.parseHex(hex);
        } catch (IllegalArgumentException x) {
            throw new AnalysisException("DistinctOps::exit: unable to find " + hex + " (not a hexadecimal PC)");
        }
        for (long pc : pcs) {
            if (pc == wanted) {
                return pc;
            }
        }
        throw new AnalysisException("DistinctOps::exit: unable to find " + hex);
    }
}
