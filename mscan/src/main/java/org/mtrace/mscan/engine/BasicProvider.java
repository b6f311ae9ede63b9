package org.mtrace.mscan.engine;

import java.util.function.Function;

/**
 * A provider from its three facts and a factory; subclasses only call the constructor (a
 * {@link java.util.ServiceLoader} provider needs its own class with a no-argument constructor):
 * {@code public final class SummaryProvider extends BasicProvider { public SummaryProvider() {
 * super("summary", "Workload summary", Rank.SUMMARY, setup -> new Summary()); } }}.
 */
public abstract class BasicProvider implements AnalysisProvider {
    private final String name;
    private final String description;
    private final int rank;
    private final Class<? extends Analysis> analysisClass;
    private final Function<AnalysisSetup, ? extends Analysis> factory;

    protected BasicProvider(String name, String description, int rank, Function<AnalysisSetup, Analysis> factory) {
        this(name, description, rank, null, factory);
    }

    /** The same declaring the analysis class, so others can {@link AnalysisSetup#require(Class)} it. */
    protected <T extends Analysis> BasicProvider(String name, String description, int rank, Class<T> analysisClass,
            Function<AnalysisSetup, T> factory) {
        this.name = name;
        this.description = description;
        this.rank = rank;
        this.analysisClass = analysisClass;
        this.factory = factory;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final int rank() {
        return rank;
    }

    @Override
    public final Class<? extends Analysis> analysisClass() {
        return analysisClass;
    }

    @Override
    public final Analysis create(AnalysisSetup setup) {
        return factory.apply(setup);
    }
}
