package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.mtrace.format.EntryType;
import org.mtrace.format.RecordMode;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.lines.LineCore;
import org.mtrace.mscan.lines.LineSize;

/**
 * Turns the collected line state into a {@link Report}: ranks the shared lines and describes what
 * lives in the top ones ({@link TopLines}), and aggregates the coalescing keys by type and field
 * ({@link TypeProfile}), function and system call ({@link CodeProfile}). A first walk over the keys
 * gathers what their accessing instructions propose for untyped heap objects and stack addresses
 * ({@link KeyVotes}, for the {@link KeyDescriber}); one walk then aggregates by type and gathers the
 * top lines' details while {@link CodeProfile} walks the keys by function and system call on the
 * second core; with the struct or function filter another walk gathers the details, once the first
 * ones have found the lines the filters admit.
 */
final class ReportModel {
    /** What a log whose every access is user code's leaves out (a recording with {@code mtrace-record --scope=user}). */
    static final String USER_CODE_ONLY = "every recorded access was made by user code (a recording with --scope=user?):"
            + " the kernel's own accesses are not in the log";
    /** What a movement-mode window leaves out of the verdicts (docs/report.md, "verdict"). */
    static final String MOVEMENT_BYTES =
            "movement mode: stores to a line its CPU held alone are not logged; verdicts see the bytes of transfers only";
    /**
     * What a movement-mode window leaves out at a line size other than the recorder's: exact only for
     * a log filtered at that size ({@code mtrace-refilter}), which the log does not say.
     */
    static final String MOVEMENT_LINE_SIZE = "%d-byte lines on a movement-mode log: it holds only the accesses that moved"
            + " the filter's lines (the recorder's are %d bytes), so the %d-byte figures are approximate unless the log was"
            + " filtered at that size (mtrace-refilter --line-size); exact ones need a full trace (mtrace-record --all)";

    private final ReportCollector collector;
    private final LineCore core;
    private final Attribution attribution;
    private final KernelInfo kernel;
    private final Filters filters;
    private final LineVerdicts verdicts;
    private final KeyDescriber describer;
    private final CodeNames names;
    /** {@code --struct}: the rows it selects. */
    private final StructFilter structs;

    private ReportModel(ReportCollector collector, Attribution attribution, Filters filters) {
        this.collector = collector;
        this.core = collector.core();
        this.attribution = attribution;
        this.kernel = attribution.kernel();
        this.filters = filters;
        this.verdicts = new LineVerdicts(core);
        this.describer = new KeyDescriber(collector, attribution);
        this.names = new CodeNames(attribution);
        this.structs = new StructFilter(filters.struct(), kernel);
    }

    static Report build(ReportCollector collector, TraceState state, Attribution attribution, Filters filters,
            String log, String kernelPath, long entries) {
        return new ReportModel(collector, attribution, filters).build(state, log, kernelPath, entries);
    }

    private Report build(TraceState state, String log, String kernelPath, long entries) {
        TypeProfile types = new TypeProfile(collector, attribution, describer, verdicts, filters, structs);
        // the code profile walks the keys on the second core from here on (its names resolved first, here)
        CodeProfile code = new CodeProfile(core, attribution, filters.function(), names::sourceFile, names::syscallName,
                Runtime.getRuntime().availableProcessors() > 1);
        code.start();
        // without --struct or --function the ranking needs no key: the top lines' details are then
        // gathered in the same walk over the keys (millions of them, in order of first appearance)
        boolean rankFirst = filters.struct() == null && filters.function() == null;
        TopLines details = rankFirst ? topLines(null, null) : null;
        core.forEachKey((line, offset, size, context, shape, firstObject, n) -> {
            if (details != null) {
                details.visit(line, offset, size, context, shape, firstObject, n);
            }
            types.visit(line, offset, size, context, shape, firstObject, n);
        });
        code.finish();

        TopLines top = details;
        if (top == null) {
            top = topLines(filters.struct() == null ? null : types.structLines(),
                    filters.function() == null ? null : code.functionLines());
            core.forEachKey(top::visit);
        }
        List<Report.Line> lines = top.lines();
        List<Integer> cpus = cpusOf(collector.cpusSeen);
        List<String> missing = missing(state);
        if (filters.struct() != null && types.structLines().isEmpty()) {
            missing.add(structs.nothingSelected());
        }
        missing.addAll(collector.unmatchedSyscalls(kernel.isImage()));
        if (filters.function() != null && code.functionLines().isEmpty()) {
            missing.add("--function=" + filters.function() + ": no transfers caused by a function of that name"
                    + (kernel.isImage() ? "" : " (no kernel image: functions need --kernel=ELF)"));
        }
        Report.Summary summary = summary(types, code, top, entries);
        if (summary.sharedLines() == 0 && collector.accesses > 0 && (summary.transfers() > 0 || filters.cpus() != null)) {
            missing.add(nothingMoved(summary));
        }
        Map<Long, Map<Integer, Long>> stacksByPc = collector.siteStacks().byPc();
        collector.siteStacks().release(); // read for the top lines and now by PC: its spilled transfers can go
        return new Report(log, kernelPath, core.lineSize().bytes(), missing, filters, summary, lines,
                types.rows(), withStacks(functionRows(code.functions()), attribution::func, stacksByPc),
                withStacks(functionRows(code.symbols()), pc -> CodeNames.outOfLineFunction(attribution, pc), stacksByPc),
                syscallRows(code.syscalls()),
                collector.timeline().firstEntry(), collector.timeline().bucketEntries(), cpus, timeline(cpus),
                heat(lines, cpus));
    }

    private Report.Summary summary(TypeProfile types, CodeProfile code, TopLines top, long entries) {
        long shared = 0;
        for (int i = 0; i < core.lines(); i++) {
            shared += core.shared(i) ? 1 : 0;
        }
        List<String> modes = new ArrayList<>();
        for (RecordMode m : RecordMode.values()) {
            if (m != RecordMode.DISABLE && (collector.modesSeen & (1L << m.code())) != 0) {
                modes.add(m.name().toLowerCase(Locale.ROOT));
            }
        }
        long transfers = collector.transfers();
        long data = types.untyped().dataTransfers();
        return new Report.Summary(entries, collector.accesses, Long.bitCount(collector.cpusSeen),
                modes, collector.firstEntry, collector.lastEntry, core.lines(), shared, transfers,
                transfers - collector.userTransfers(), collector.userTransfers(),
                transfers == 0 ? 0 : (double) types.typed() / transfers, types.untyped().largest(), data,
                transfers == data ? 1 : (double) types.typed() / (transfers - data), outsideSyscalls(code),
                top.admitted(), collector.taskStacks());
    }

    /**
     * Why no line is shared although the window has accesses (a line is shared when two CPUs moved
     * it): {@code --cpu} selected no CPU of the window or one only, or one CPU made every access of
     * the window (a recording of one vCPU), or no two CPUs touched one line.
     */
    private String nothingMoved(Report.Summary s) {
        long selected = collector.cpusSeen & filters.cpuMask();
        if (filters.cpus() != null && Long.bitCount(selected) <= 1) {
            String option = filters.asOptions().stream().filter(o -> o.startsWith("--cpu=")).findFirst().orElseThrow();
            return option + (selected == 0 ? ": no access of the window was made by these CPUs (it has CPUs "
                    + cpuList(collector.cpusSeen) + ")"
                    : ": the transfers of one CPU only, and a line is shared when two CPUs move it: no line to rank"
                    + " (select two CPUs or more)");
        }
        if (Long.bitCount(collector.cpusSeen) <= 1) {
            // the model starts with every line in every CPU's cache: the one CPU's first store to a line is a transfer
            return Report.NOTHING_MOVED + ": every access of the window was made by CPU " + cpuList(collector.cpusSeen)
                    + ", so no line can move between CPUs (its transfers are first stores after recording began;"
                    + " a recording of one vCPU? record with --smp=2 or more)";
        }
        return Report.NOTHING_MOVED + ": no two CPUs touched one line in the transfers counted (" + s.transfers()
                + " on " + s.lines() + " lines)";
    }

    /** The CPUs of a mask, ascending. */
    private static List<Integer> cpusOf(long mask) {
        List<Integer> cpus = new ArrayList<>();
        for (long m = mask; m != 0; m &= m - 1) {
            cpus.add(Long.numberOfTrailingZeros(m));
        }
        return cpus;
    }

    private static String cpuList(long mask) {
        return cpusOf(mask).stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Per CPU (in {@code cpus}' order), its transfers per bucket of entries: the plot of transfers over time. */
    private List<long[]> timeline(List<Integer> cpus) {
        int buckets = collector.timeline().usedBuckets();
        List<long[]> timeline = new ArrayList<>();
        for (int c : cpus) {
            timeline.add(collector.timeline().of(c, buckets));
        }
        return timeline;
    }

    /** Per top line, its transfers per CPU (in {@code cpus}' order): the heat map. */
    private static List<long[]> heat(List<Report.Line> lines, List<Integer> cpus) {
        List<long[]> heat = new ArrayList<>();
        for (Report.Line l : lines) {
            long[] row = new long[cpus.size()];
            for (Report.CpuRow c : l.cpus()) {
                row[cpus.indexOf(c.cpu())] = c.transfers();
            }
            heat.add(row);
        }
        return heat;
    }

    /** The top lines among those the filters' line sets admit (null: no such filter), to be gathered from the keys. */
    private TopLines topLines(IntHashSet structLines, IntHashSet functionLines) {
        return new TopLines(TopLines.rank(core, filters, structLines, functionLines), collector, attribution, describer,
                verdicts, names);
    }

    /** The rows of the transfers in no system call or interrupt, by user and kernel code (those there are). */
    private static List<Report.SyscallRow> outsideSyscalls(CodeProfile code) {
        List<Report.SyscallRow> out = new ArrayList<>();
        addIfAny(out, Report.Summary.USER_CODE, code.outsideSyscallsUser());
        addIfAny(out, Report.Summary.KERNEL_CODE, code.outsideSyscallsKernel());
        return out;
    }

    private static void addIfAny(List<Report.SyscallRow> rows, String what, CodeProfile.NameAgg a) {
        if (a.transfers > 0) {
            rows.add(new Report.SyscallRow(what, a.transfers, a.lines.size()));
        }
    }

    private List<String> missing(TraceState state) {
        List<String> out = new ArrayList<>();
        if (!kernel.isImage()) {
            out.add("no kernel image (--kernel=ELF): no types, fields, functions, source lines (addresses, labels, PCs only)");
        }
        if (!state.logHas(EntryType.LABEL)) {
            out.add("no label entries in the log: objects are not named");
        }
        if (!state.logHas(EntryType.FCALL)) {
            out.add("no fcall entries in the log: no system calls");
        }
        long dropped = collector.siteStacks().dropped();
        if (dropped > 0) {
            out.add("call stacks: the stacks of " + dropped + " transfers are left out of the code sites ("
                    + collector.siteStacks().whyDropped() + ")");
        }
        if (collector.accesses == 0) {
            out.add("no access recorded in the log's window (recording never enabled)");
        }
        if (collector.accesses > 0 && collector.userCodeAccesses == collector.accesses) {
            // the summary's "kernel 0" would read as a kernel that moved nothing
            out.add(USER_CODE_ONLY);
        }
        if (state.sample() > 1) {
            // the model sees 1 in N accesses: a CPU's access left out does not take the line from the others
            out.add("sampled log (1 in " + state.sample() + " accesses kept): figures of the sample; the model,"
                    + " missing the rest, miscounts transfers");
        }
        if ((collector.modesSeen & (1L << RecordMode.MOVEMENT.code())) != 0 && !state.fullTrace()) {
            // a CPU's stores to a line it holds alone are not in the log: the masks cannot hold their bytes
            out.add(MOVEMENT_BYTES);
            int bytes = core.lineSize().bytes();
            if (bytes != LineSize.DEFAULT.bytes()) {
                // the recorder's filter kept the accesses that moved its 64-byte lines: others of this size are missing
                out.add(String.format(Locale.ROOT, MOVEMENT_LINE_SIZE, bytes, LineSize.DEFAULT.bytes(), bytes));
            }
        }
        return out;
    }

    // ---- rows of the code profile ----------------------------------------------------------------------------

    private List<Report.FunctionRow> functionRows(Map<String, CodeProfile.NameAgg> functions) {
        List<Report.FunctionRow> out = new ArrayList<>();
        functions.forEach((f, a) -> out.add(new Report.FunctionRow(f, a.source, a.transfers, a.lines.size(), List.of(), 0,
                userProgram(f))));
        out.sort(Comparator.comparingLong((Report.FunctionRow r) -> -r.transfers()).thenComparing(Report.FunctionRow::function));
        return out.subList(0, Math.min(out.size(), filters.top()));
    }

    /**
     * The rows with the call stacks their functions' code moved lines under (summed over the PCs
     * {@code nameOf} names as the row's function, every line's: {@code stacksByPc}); rows as they are
     * without stacks.
     */
    private List<Report.FunctionRow> withStacks(List<Report.FunctionRow> rows, LongFunction<String> nameOf,
            Map<Long, Map<Integer, Long>> stacksByPc) {
        if (stacksByPc.isEmpty()) {
            return rows;
        }
        Map<String, Map<Integer, Long>> byName = new HashMap<>();
        rows.forEach(r -> byName.put(r.function(), new HashMap<>()));
        stacksByPc.forEach((pc, counts) -> {
            Map<Integer, Long> into = byName.get(nameOf.apply(pc));
            if (into != null) {
                counts.forEach((stack, n) -> into.merge(stack, n, Long::sum));
            }
        });
        CallerStacks callers = new CallerStacks(collector.callStacks(), attribution);
        return rows.stream().map(r -> new Report.FunctionRow(r.function(), r.source(), r.transfers(), r.lines(),
                callers.top(byName.get(r.function())), CallerStacks.unstacked(r.transfers(), byName.get(r.function())),
                r.program())).toList();
    }

    /**
     * For a code-profile name that is a user-space PC (its hex value: the image names no user code),
     * the program that ran it; else null.
     */
    private String userProgram(String function) {
        long pc = CodeNames.userPc(function);
        return pc < 0 ? null : collector.programOf(pc);
    }

    private List<Report.SyscallRow> syscallRows(Map<String, CodeProfile.NameAgg> syscalls) {
        List<Report.SyscallRow> out = new ArrayList<>();
        syscalls.forEach((s, a) -> out.add(new Report.SyscallRow(s, a.transfers, a.lines.size())));
        out.sort(Comparator.comparingLong((Report.SyscallRow r) -> -r.transfers()).thenComparing(Report.SyscallRow::syscall));
        return out.subList(0, Math.min(out.size(), filters.top()));
    }
}
