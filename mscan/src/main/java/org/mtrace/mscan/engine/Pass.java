package org.mtrace.mscan.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelAttribution;
import org.mtrace.mscan.kernel.KernelInfo;

/**
 * Assembles the analyses of one pass: {@code Pass.of(catalog, kernel).add("summary")...}, then
 * {@link #engine(Diagnostics)}. Implements {@link AnalysisSetup} for the providers; analyses end
 * up ordered by {@link AnalysisProvider#rank()} (MSCAN.md §2; equal ranks by name), each instance
 * once.
 */
public final class Pass implements AnalysisSetup {
    private final AnalysisCatalog catalog;
    private final KernelAttribution attribution;
    private final Map<String, List<String>> arguments = new HashMap<>();
    private final Map<String, Analysis> byName = new LinkedHashMap<>();
    private final Map<Analysis, Integer> rankOf = new IdentityHashMap<>();
    private final Map<Class<?>, Object> shared = new HashMap<>();
    private final KernelInfo kernel;
    private Diagnostics diagnostics = Diagnostics.STDERR;

    private Pass(AnalysisCatalog catalog, KernelInfo kernel) {
        this.catalog = catalog;
        this.kernel = kernel;
        this.attribution = new KernelAttribution(kernel);
    }

    public static Pass of(AnalysisCatalog catalog, KernelInfo kernel) {
        return new Pass(catalog, kernel);
    }

    /**
     * Sets where analyses (and, through {@link #engine()}, the trackers) send warnings; call
     * before {@link #add}, since providers hand the channel to the analyses they create.
     */
    public Pass diagnostics(Diagnostics channel) {
        this.diagnostics = channel;
        return this;
    }

    @Override
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** Sets the values of an analysis argument (e.g. the PCs of stack-trace-pc); call before add. */
    public Pass argument(String option, List<String> values) {
        arguments.put(option, List.copyOf(values));
        return this;
    }

    /**
     * Adds the analysis named {@code name} (and what it implies).
     *
     * @throws IllegalArgumentException if no such analysis exists or its arguments are bad
     */
    public Pass add(String name) {
        require(name);
        return this;
    }

    @Override
    public List<String> arguments(String option) {
        return arguments.getOrDefault(option, List.of());
    }

    @Override
    public Analysis require(String name) {
        Analysis a = byName.get(name);
        if (a == null) {
            AnalysisProvider p = catalog.get(name);
            if (p == null) {
                throw new IllegalArgumentException("unknown analysis '" + name + "'");
            }
            a = p.create(this);
            byName.put(name, a);
            rankOf.putIfAbsent(a, p.rank());
        }
        return a;
    }

    @Override
    public <T extends Analysis> T require(Class<T> type) {
        AnalysisProvider p = catalog.providerOf(type);
        if (p == null) {
            throw new IllegalStateException("no analysis provider declares " + type.getName());
        }
        return type.cast(require(p.name()));
    }

    @Override
    public <T> T shared(Class<T> type, Supplier<T> factory) {
        return type.cast(shared.computeIfAbsent(type, t -> factory.get()));
    }

    @Override
    public Attribution attribution() {
        return attribution;
    }

    /** Analyses of this pass, each once, in rank order (stable for equal ranks). */
    public List<Analysis> analyses() {
        List<Analysis> list = new ArrayList<>(rankOf.size());
        for (Analysis a : byName.values()) {
            if (!list.contains(a)) {
                list.add(a);
            }
        }
        list.sort(Comparator.comparingInt((Analysis a) -> rankOf.get(a)).thenComparing(Analysis::name));
        return list;
    }

    /**
     * Requirements of this pass' analyses that fail before reading (a kernel image in a run
     * without one), one line each; empty if the pass can run.
     */
    public List<String> unmetBeforeReading() {
        return RequirementCheck.beforeReading(analyses(), kernel.isImage());
    }

    /** An engine for this pass whose trackers warn on {@link #diagnostics()}. */
    public Engine engine() {
        return engine(diagnostics);
    }

    /** An engine for this pass (static labels of the kernel are loaded here). */
    public Engine engine(Diagnostics diagnostics) {
        return new Engine(kernel, attribution, analyses(), diagnostics);
    }

    /** An engine for those of this pass' analyses that {@code keep} accepts (a {@link SplitPass} partner). */
    Engine engine(Diagnostics diagnostics, java.util.function.Predicate<Analysis> keep) {
        List<Analysis> kept = new ArrayList<>(analyses());
        kept.removeIf(keep.negate());
        return new Engine(kernel, attribution, kept, diagnostics);
    }
}
