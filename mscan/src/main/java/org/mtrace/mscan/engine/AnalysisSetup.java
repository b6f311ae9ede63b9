package org.mtrace.mscan.engine;

import java.util.List;
import java.util.function.Supplier;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.lines.LineSize;

/** What a provider may ask for while the set of analyses of one pass is being assembled. */
public interface AnalysisSetup {

    /** The analysis argument of {@code --line-size} (absent: {@link LineSize#DEFAULT}). */
    String LINE_SIZE = "line-size";

    /** Values given for an analysis argument, e.g. {@code arguments("stack-trace-pc")} = the PCs. */
    List<String> arguments(String option);

    /** The analysis named {@code name}, created if not yet part of the pass (it also prints). */
    Analysis require(String name);

    /**
     * The analysis of class {@code type} (its provider declares the class, see
     * {@link BasicProvider}), created if not yet part of the pass (it also prints): a typed
     * dependency, e.g. {@code setup.require(DistinctSyscalls.class)}.
     */
    <T extends Analysis> T require(Class<T> type);

    /** One instance of {@code type} per pass, created by {@code factory} on first request. */
    <T> T shared(Class<T> type, Supplier<T> factory);

    /**
     * The cache-line size of the pass's line views ({@code --line-size}, checked by the command
     * line; default 64 bytes): all-sharing and false-sharing group addresses by it.
     */
    default LineSize lineSize() {
        List<String> given = arguments(LINE_SIZE);
        return given.isEmpty() ? LineSize.DEFAULT : LineSize.of(Integer.parseInt(given.get(0)));
    }

    /** Address and PC descriptions for this pass's kernel. */
    Attribution attribution();

    /**
     * Where analyses send non-fatal warnings of the original (the CLI: stderr; {@link Scan}: the
     * output's warning list), instead of writing to {@code System.err} themselves.
     */
    default Diagnostics diagnostics() {
        return Diagnostics.STDERR;
    }
}
