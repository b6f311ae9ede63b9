package org.mtrace.mscan.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The analyses available on the class path, found with {@link ServiceLoader}, by name: the one
 * place the command line, {@code --list}, {@code --help} and the pass learn analysis names from.
 */
public final class AnalysisCatalog {
    private final Map<String, AnalysisProvider> byName = new LinkedHashMap<>();

    /** Catalog of every {@link AnalysisProvider} registered on the class path. */
    public static AnalysisCatalog load() {
        AnalysisCatalog c = new AnalysisCatalog();
        for (AnalysisProvider p : ServiceLoader.load(AnalysisProvider.class)) {
            c.register(p);
        }
        return c;
    }

    /** Adds a provider (tests use this to register analyses directly). */
    public AnalysisCatalog register(AnalysisProvider provider) {
        AnalysisProvider old = byName.putIfAbsent(provider.name(), provider);
        if (old != null && old.getClass() != provider.getClass()) {
            throw new IllegalStateException("two analyses named " + provider.name());
        }
        return this;
    }

    /** The provider named {@code name}, or null. */
    public AnalysisProvider get(String name) {
        return byName.get(name);
    }

    /** The provider that declares analysis class {@code type}, or null. */
    public AnalysisProvider providerOf(Class<? extends Analysis> type) {
        for (AnalysisProvider p : byName.values()) {
            if (p.analysisClass() == type) {
                return p;
            }
        }
        return null;
    }

    /** Every provider, in the order their analyses print (rank, then name): --list and --help. */
    public List<AnalysisProvider> providers() {
        List<AnalysisProvider> list = new ArrayList<>(byName.values());
        list.sort(Comparator.comparingInt(AnalysisProvider::rank).thenComparing(AnalysisProvider::name));
        return Collections.unmodifiableList(list);
    }

    /** Every analysis name, in {@link #providers()} order. */
    public List<String> names() {
        return providers().stream().map(AnalysisProvider::name).toList();
    }
}
