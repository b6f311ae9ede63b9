package org.mtrace.analyses.common;

import org.mtrace.mscan.engine.AnalysisProvider;

/**
 * The fixed part of an {@link AnalysisProvider}: name, help text and rank given once in the
 * constructor, so each concrete provider only says how to create its analysis.
 */
public abstract class BasicProvider implements AnalysisProvider {
    private final String name;
    private final String description;
    private final int rank;

    protected BasicProvider(String name, String description, int rank) {
        this.name = name;
        this.description = description;
        this.rank = rank;
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
}
