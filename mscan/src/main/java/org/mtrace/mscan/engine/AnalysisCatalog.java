package org.mtrace.mscan.engine;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The analyses available on the class path, found with {@link ServiceLoader}, by name. */
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

    public Collection<AnalysisProvider> providers() {
        return Collections.unmodifiableCollection(byName.values());
    }
}
