package org.mtrace.mscan.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.KernelLayout;
import org.mtrace.mscan.lines.Key;
import org.mtrace.mscan.lines.LineCore;
import org.mtrace.mscan.util.Threads;

/**
 * The report's code profile: transfers and distinct lines per function (the innermost one at a PC,
 * and the out-of-line one whose code holds it, perf's symbol) and per system call, summed
 * over the line core's keys, built on a second core while the caller walks the keys for the type
 * profile and the top lines (after the pass the log's inflater threads leave that core idle).
 *
 * <p>Why the names come first: the attribution is not thread-safe, so only the caller's thread
 * uses it, and it resolves every PC's function and every system call's name before the walk
 * starts (PC ids ascending; a kernel image that allows it has its frames resolved from the other
 * end at the same time, {@link KernelInfo#concurrentCodeQueries}). The walk on the second thread
 * then needs no attribution: a key's aggregates are two array reads by its context's PC and
 * system-call ids.
 *
 * <p>Why the output is unchanged: sums and sets of lines do not depend on the order of the keys,
 * and a function's source file is its first PC's with one, as before: PC ids follow the keys'
 * order of first appearance (a PC is interned with the first transfer that makes its first key).
 */
final class CodeProfile {
    private final LineCore core;
    private final Attribution attribution;
    private final String function; // --function, or null
    private final LongFunction<String> sourceFile;
    private final LongFunction<String> syscallName;
    private final boolean secondCore;
    /**
     * Per PC id: its innermost function's aggregate and its out-of-line function's; per system-call
     * id: its aggregate (null: no system call).
     */
    private final NameAgg[] functionOfPc;
    private final NameAgg[] symbolOfPc;
    private final NameAgg[] aggOfSyscall;
    private final Map<String, NameAgg> functions = new HashMap<>();
    private final Map<String, NameAgg> symbols = new HashMap<>();
    private final Map<String, NameAgg> syscalls = new HashMap<>();
    /**
     * Transfers outside any system call or interrupt (system-call id 0), by user-space code and by
     * kernel code (exceptions such as page faults, kernel threads).
     */
    private final NameAgg outsideUser;
    private final NameAgg outsideKernel;
    private final IntHashSet functionLines = new IntHashSet();
    /** The PC id the caller resolves: the frames thread stops above it. */
    private volatile int resolving;
    private Thread walker;
    private Throwable walkFailure;

    /** Per function or system call: transfers and distinct lines. */
    static final class NameAgg {
        long transfers;
        final LineIdSet lines;
        int lastLine = -1; // keys of one line often follow each other: skip the set for them
        String source;
        boolean filtered; // the function --function names

        NameAgg(int lines) {
            this.lines = new LineIdSet(lines);
        }

        void count(int line, long n) {
            transfers += n;
            if (line != lastLine) {
                lines.add(line);
                lastLine = line;
            }
        }
    }

    /**
     * A profile of {@code core}'s keys (the pass is over); {@code sourceFile} gives a PC's source
     * file (null: none), {@code syscallName} a system call's name from its entry PC;
     * {@code secondCore}: whether to work on a second thread too (else all on the caller's).
     */
    CodeProfile(LineCore core, Attribution attribution, String function, LongFunction<String> sourceFile,
            LongFunction<String> syscallName, boolean secondCore) {
        this.secondCore = secondCore;
        this.core = core;
        this.attribution = attribution;
        this.function = function;
        this.sourceFile = sourceFile;
        this.syscallName = syscallName;
        this.functionOfPc = new NameAgg[core.pcs().size()];
        this.symbolOfPc = new NameAgg[core.pcs().size()];
        this.aggOfSyscall = new NameAgg[core.syscalls().size()];
        this.outsideUser = new NameAgg(core.lines());
        this.outsideKernel = new NameAgg(core.lines());
    }

    /**
     * Resolves the names on this thread, then starts the walk on a second thread (without a second
     * core, {@link #finish} walks on the caller's). Attribution is free for the caller again once
     * this returns.
     */
    void start() {
        Thread frames = null;
        if (secondCore && attribution.kernel().concurrentCodeQueries()) {
            frames = new Thread(this::resolveFramesFromTheTop, "report-pc-frames");
            frames.setDaemon(true);
            frames.start();
        }
        try {
            resolveNames();
        } finally {
            resolving = Integer.MAX_VALUE; // stops the frames thread (also when resolving failed)
            if (frames != null) {
                Threads.joinUninterruptibly(frames);
            }
        }
        if (secondCore) {
            walker = new Thread(() -> {
                try {
                    walk();
                } catch (Throwable t) { // handed to the caller in finish()
                    walkFailure = t;
                }
            }, "report-code-profile");
            walker.setDaemon(true);
            walker.start();
        }
    }

    /**
     * Waits for the walk (or walks here), and rethrows what failed on its thread. (A caller that
     * fails before this leaves the walk to end by itself: its thread is a daemon.)
     */
    void finish() {
        if (walker == null) {
            walk();
            return;
        }
        Threads.joinUninterruptibly(walker);
        walker = null;
        if (walkFailure instanceof Error e) {
            throw e;
        }
        if (walkFailure instanceof RuntimeException e) {
            throw e;
        }
        if (walkFailure != null) {
            throw new IllegalStateException(walkFailure);
        }
    }

    /** By function name (after {@link #finish}). */
    Map<String, NameAgg> functions() {
        return functions;
    }

    /** By out-of-line function, the outermost inline frame (after {@link #finish}). */
    Map<String, NameAgg> symbols() {
        return symbols;
    }

    /** By system-call name (after {@link #finish}). */
    Map<String, NameAgg> syscalls() {
        return syscalls;
    }

    /** Transfers outside any system call or interrupt by user-space code, and their lines. */
    NameAgg outsideSyscallsUser() {
        return outsideUser;
    }

    /** Transfers outside any system call or interrupt by kernel code, and their lines. */
    NameAgg outsideSyscallsKernel() {
        return outsideKernel;
    }

    /**
     * The lines the --function function caused transfers on (after {@link #finish}): as the
     * innermost function at a PC or as the out-of-line function holding it.
     */
    IntHashSet functionLines() {
        return functionLines;
    }

    private void resolveNames() {
        for (int id = 0; id < functionOfPc.length; id++) {
            resolving = id;
            long pc = core.pcs().value(id);
            functionOfPc[id] = aggregate(functions, attribution.func(pc), pc, sourceFile);
            String outer = CodeNames.outOfLineFrame(attribution, pc);
            symbolOfPc[id] = aggregate(symbols, FrameText.function(outer), pc, p -> FrameText.file(outer));
        }
        for (int id = 0; id < aggOfSyscall.length; id++) {
            long entry = core.syscalls().value(id);
            if (entry != 0) { // id 0: outside any system call (the PC's half of the address space decides which of the two)
                aggOfSyscall[id] = syscalls.computeIfAbsent(syscallName.apply(entry), k -> new NameAgg(core.lines()));
            }
        }
    }

    /**
     * The aggregate of function {@code name} in {@code byName}, made on its first PC; its source file
     * is the first of its PCs' that has one ({@code sourceOf}).
     */
    private NameAgg aggregate(Map<String, NameAgg> byName, String name, long pc, LongFunction<String> sourceOf) {
        NameAgg a = byName.computeIfAbsent(name, k -> new NameAgg(core.lines()));
        if (a.source == null) {
            a.source = sourceOf.apply(pc);
        }
        a.filtered = name.equals(function);
        return a;
    }

    /**
     * The second thread's share of the names: the image's frames of the PCs from the highest id
     * down to the one the caller is at (the image memoises them; the caller then finds them
     * there). A failure here stops this thread only: the caller meets it again for itself.
     */
    private void resolveFramesFromTheTop() {
        KernelInfo kernel = attribution.kernel();
        try {
            for (int id = functionOfPc.length - 1; id > resolving; id--) {
                long pc = core.pcs().value(id);
                kernel.function(pc);
                kernel.source(pc);
            }
        } catch (Throwable t) { // NOPMD: see above
            // the caller resolves every PC itself
        }
    }

    private void walk() {
        NameAgg[] fnOf = functionOfPc;
        NameAgg[] symOf = symbolOfPc;
        NameAgg[] scOf = aggOfSyscall;
        core.forEachKey((line, offset, size, context, shape, firstObject, n) -> {
            long c = core.context(context);
            NameAgg fn = fnOf[Key.pcId(c)];
            fn.count(line, n);
            NameAgg sym = symOf[Key.pcId(c)];
            sym.count(line, n);
            if (fn.filtered || sym.filtered) {
                functionLines.add(line);
            }
            NameAgg sc = scOf[Key.syscallId(c)];
            if (sc == null) {
                sc = KernelLayout.isUser(core.pcs().value(Key.pcId(c))) ? outsideUser : outsideKernel;
            }
            sc.count(line, n);
        });
    }
}
