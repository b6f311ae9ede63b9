package org.mtrace.mscan.cli;

import java.util.Iterator;
import org.mtrace.mscan.engine.AnalysisCatalog;

/** The catalog's analysis names, as picocli's completion candidates for mscan's words. */
public final class AnalysisNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return AnalysisCatalog.load().names().iterator();
    }
}
