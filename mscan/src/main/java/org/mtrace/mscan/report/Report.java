package org.mtrace.mscan.report;

import java.util.List;
import org.mtrace.mscan.kernel.AddressDescription;

/**
 * The report as data, exactly what docs/report.md's JSON document holds; the JSON, text and CSV
 * renderings read only this, so they cannot disagree. Built by {@link ReportModel}.
 */
record Report(String log, String kernel, int lineSize, List<String> missing, Filters filters, Summary summary,
        List<Line> lines, List<TypeRow> types, List<FunctionRow> functions, List<FunctionRow> symbols,
        List<SyscallRow> syscalls, long timelineFirst, long bucketEntries, List<Integer> cpus, List<long[]> timeline,
        List<long[]> heatmap) {

    /** A report whose timeline starts at entry 0 (hand-made reports of tests). */
    Report(String log, String kernel, int lineSize, List<String> missing, Filters filters, Summary summary,
            List<Line> lines, List<TypeRow> types, List<FunctionRow> functions, List<FunctionRow> symbols,
            List<SyscallRow> syscalls, long bucketEntries, List<Integer> cpus, List<long[]> timeline,
            List<long[]> heatmap) {
        this(log, kernel, lineSize, missing, filters, summary, lines, types, functions, symbols, syscalls, 0,
                bucketEntries, cpus, timeline, heatmap);
    }

    /** A verdict as the JSON, the CSV and the text write it (docs/report.md, "verdict"). */
    static String verdict(boolean trueSharing) {
        return trueSharing ? "true" : "false";
    }

    /** How the {@link #missing} note of a window in which no line moved between CPUs starts. */
    static final String NOTHING_MOVED = "no line moved between CPUs";

    /**
     * The {@link #missing} notes that leave the report's question unanswered: filters that selected
     * nothing (each starts with its option) and a window in which no line moved between CPUs
     * ({@link #NOTHING_MOVED}); the command's exit status 1 and stderr lines.
     */
    List<String> unmet() {
        return missing.stream().filter(m -> m.startsWith("--") || m.startsWith(NOTHING_MOVED)).toList();
    }

    /**
     * {@code typedShare}: of all transfers, those to typed addresses; {@code dataTransfers}: those to
     * user and file data, which no kernel type describes; {@code objectTypedShare}: of the rest (the
     * kernel's own memory), the typed ones (1 when there is no rest); {@code outsideSyscalls}: the
     * transfers made in no system call or interrupt, which the system-call table leaves out, by user
     * code ({@link #USER_CODE}) and by kernel code ({@link #KERNEL_CODE}: exceptions such as page
     * faults, kernel threads), each with its lines; a row only where there are such transfers;
     * {@code admittedLines}: the shared lines {@code --struct} and {@code --function} admit, which the
     * line table ranks ({@code sharedLines} without those filters); {@code taskStacks}: the transfers
     * on tasks' stacks, by who made them.
     */
    record Summary(long entries, long accesses, int cpus, List<String> modes, long firstEntry, long lastEntry,
            long lines, long sharedLines, long transfers, long kernelTransfers, long userTransfers, double typedShare,
            List<Untyped> untyped, long dataTransfers, double objectTypedShare, List<SyscallRow> outsideSyscalls,
            long admittedLines, TaskStacks taskStacks) {
        static final String USER_CODE = "user code";
        static final String KERNEL_CODE = "kernel code";

        /** Whether {@code --struct} or {@code --function} left shared lines out of the ranking. */
        boolean linesFiltered() {
            return admittedLines != sharedLines;
        }

        /** A summary whose transfers all lie in system calls, without line filters (hand-made reports of tests). */
        Summary(long entries, long accesses, int cpus, List<String> modes, long firstEntry, long lastEntry, long lines,
                long sharedLines, long transfers, long kernelTransfers, long userTransfers, double typedShare,
                List<Untyped> untyped, long dataTransfers, double objectTypedShare) {
            this(entries, accesses, cpus, modes, firstEntry, lastEntry, lines, sharedLines, transfers, kernelTransfers,
                    userTransfers, typedShare, untyped, dataTransfers, objectTypedShare, List.of(), sharedLines,
                    new TaskStacks());
        }
    }

    /**
     * Transfers on tasks' stacks ({@code stack of TID (comm)}) by who made them ({@code uses}), and
     * the same by the program the stacks' threads were named after in their labels, busiest first.
     */
    record TaskStacks(StackUses uses, List<StackProgram> programs) {
        /** None (a report without stack transfers, or hand-made ones of tests). */
        TaskStacks() {
            this(new StackUses(0, 0, 0, 0), List.of());
        }

        long transfers() {
            return uses.transfers();
        }
    }

    /**
     * Transfers on tasks' stacks by who made them, as the log's sched and task entries say: the
     * stack's own task running on the CPU ({@code ownTask}: the task ran on another CPU before, or
     * another task touched the line since), another task ({@code otherTasks}: a waker writing into an
     * on-stack wait entry, a CPU reading a request on the sender's stack), another task on the stack
     * of a task that has exited ({@code exitedTasks}: fork zeroing a freed stack for a new task before
     * the recorder names it after the new one), or no sched entry had named the CPU's task yet
     * ({@code unknownTask}).
     */
    record StackUses(long ownTask, long otherTasks, long exitedTasks, long unknownTask) {
        long transfers() {
            return ownTask + otherTasks + exitedTasks + unknownTask;
        }
    }

    /** The transfers on the stacks of one program's threads ({@code stacks} of them), by who made them. */
    record StackProgram(String program, int stacks, StackUses uses) {
    }

    /** Transfers to addresses without a type, of one kind ({@link UntypedGroups}): label, block purpose or region. */
    record Untyped(String what, String form, long transfers) {
    }

    record What(int offset, int size, AddressDescription description) {
    }

    record CpuRow(int cpu, long reads, long writes, long readMask, long writeMask) {
        long transfers() {
            return reads + writes;
        }
    }

    /**
     * A code site of an offset: the instruction at {@code pc}, its innermost function, source line and
     * the functions it is inlined in; {@code stacks}: the call stacks it moved the line under, most
     * transfers first, and {@code unstacked}: its transfers under no call stack (logs with call
     * entries, {@code mtrace-record --calls}; else empty and 0).
     */
    record Site(long pc, String function, String source, List<String> inlined, long transfers, List<Stack> stacks,
            long unstacked) {
    }

    /** A call stack of a site: its callers, the innermost first, and the transfers under it. */
    record Stack(List<Frame> callers, long transfers) {
        /** The callers' out-of-line functions, innermost first, as the text and the CSV print them. */
        String chain() {
            return String.join(" < ", callers.stream().map(Frame::function).toList());
        }
    }

    /**
     * A caller: the return address {@code pc} of a call, the out-of-line function holding it (perf's
     * symbol) and the innermost function at it with its source line ({@code func at file:line}).
     */
    record Frame(long pc, String function, String at) {
    }

    record Count(String name, long transfers) {
    }

    /** {@code trueSharing}: the line's verdict on the offset's bytes alone ({@link org.mtrace.mscan.lines.LineCore#sharedBytes}). */
    record Offset(int offset, int size, String field, long reads, long writes, List<Integer> cpus, List<Site> sites,
            List<Count> syscalls, boolean trueSharing) {
        /** An offset whose bytes are truly shared (hand-made reports of tests). */
        Offset(int offset, int size, String field, long reads, long writes, List<Integer> cpus, List<Site> sites,
                List<Count> syscalls) {
            this(offset, size, field, reads, writes, cpus, sites, syscalls, true);
        }

        long transfers() {
            return reads + writes;
        }
    }

    record Line(int rank, long address, boolean user, List<What> what, long reads, long writes, int readerCpus,
            int writerCpus, boolean trueSharing, List<CpuRow> cpus, List<Offset> offsets) {
        long transfers() {
            return reads + writes;
        }
    }

    record FieldRow(String field, long offset, long size, long transfers, long trueTransfers, long falseTransfers) {
    }

    /**
     * {@code bitSize} 0: an ordinary member; else a bit-field of that width from bit {@code bit} of the
     * byte at {@code offset}. The transfers of a byte holding several bit-fields are on the first of
     * them (an access moves whole bytes; which bits it wanted is not recorded).
     */
    record LayoutRow(long offset, long size, String name, String type, long transfers, boolean lineStart, int bit,
            int bitSize) {
    }

    /**
     * {@code size} -1: unknown (no DWARF for the type). {@code labels}: the transfers of its objects
     * whose label names something else (a {@code kmalloc-64} or merged slab cache typed by inference),
     * by label name, most first. {@code variableType}: for a static or per-CPU variable (whose name is
     * {@code type}), its type's C spelling ({@code struct rq}), whose size and layout the row has; null
     * for a struct type. {@code elementSize}: for an array variable of structs, the size of one
     * element, whose members the layout lists with the transfers of every element folded in; else 0.
     */
    record TypeRow(String type, long size, long transfers, long trueTransfers, long falseTransfers, int lines,
            int objects, List<Count> labels, Elsewhere elsewhere, List<FieldRow> fields, List<LayoutRow> layout,
            String variableType, long elementSize) {

        /** A struct type's row. */
        TypeRow(String type, long size, long transfers, long trueTransfers, long falseTransfers, int lines,
                int objects, List<Count> labels, Elsewhere elsewhere, List<FieldRow> fields, List<LayoutRow> layout) {
            this(type, size, transfers, trueTransfers, falseTransfers, lines, objects, labels, elsewhere, fields, layout,
                    null, 0);
        }
    }

    /**
     * The transfers and objects of heap objects labelled with a type's name (a slab cache named after
     * its struct) that the report does not count under that type: SLUB merged the cache with another
     * user's, whose type the allocation site shows ({@code pool_workqueue} objects that are TCP's
     * {@code sk_buff} clone pairs), and what lies past that type.
     */
    record Elsewhere(long transfers, int objects) {
        static final Elsewhere NONE = new Elsewhere(0, 0);
    }

    /**
     * A function of the code profile: in {@code functions} the innermost one at the PCs (inlined
     * included: {@code arch_atomic_try_cmpxchg}), in {@code symbols} the out-of-line function whose
     * code holds them (the outermost inline frame, perf's symbol: {@code _raw_spin_lock}); {@code stacks}:
     * the call stacks its code moved lines under (see {@link Site}).
     */
    /**
     * A function of the code profile; {@code program}: for a user-space PC (which the kernel image does
     * not name: {@code function} is its hex value), the name of the program that ran it
     * ({@link UserPrograms}), else null.
     */
    record FunctionRow(String function, String source, long transfers, int lines, List<Stack> stacks, long unstacked,
            String program) {
        /** A row without call stacks (hand-made reports of tests). */
        FunctionRow(String function, String source, long transfers, int lines) {
            this(function, source, transfers, lines, List.of(), 0, null);
        }
    }

    record SyscallRow(String syscall, long transfers, int lines) {
    }

    /**
     * The entry function of a page fault, under which the recorder counts the faults of user code
     * as a system call (docs/recorder.md, "Page faults as entries"); logs recorded before it did
     * have none.
     */
    static final String PAGE_FAULT_ENTRY = "exc_page_fault";

    /**
     * What the kernel code in no system call or interrupt is: with page faults of user code under
     * their entry function in the system-call table (and, in such logs, softirqs and kernel threads
     * under theirs), what is left: the idle loop, context switches away from interrupted user code,
     * the entry code around the recorder's hooks (and, in logs recorded before the way back to user
     * mode counted under its system call, that way's pending work), other exceptions; without
     * them, mostly page faults.
     */
    String kernelCodeOutsideSyscalls() {
        return syscalls.stream().anyMatch(s -> s.syscall().equals(PAGE_FAULT_ENTRY))
                ? "idle, context switches, entry code, exceptions"
                : "page faults, other exceptions, kernel threads";
    }

    /**
     * What a row of {@link Summary#outsideSyscalls} is, as the text and the JSON say after it: for
     * kernel code {@link #kernelCodeOutsideSyscalls}, for user code nothing (null).
     */
    String outsideWhere(SyscallRow outside) {
        return outside.syscall().equals(Summary.KERNEL_CODE) ? kernelCodeOutsideSyscalls() : null;
    }
}
