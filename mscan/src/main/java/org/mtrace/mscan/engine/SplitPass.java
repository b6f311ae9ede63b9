package org.mtrace.mscan.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mtrace.format.io.LogReader;
import org.mtrace.mscan.util.Threads;

/**
 * One pass on two threads, for logs whose reading leaves a core free (raw, or BGZF whose members
 * are inflated in parallel): two engines read the same entries ({@link LogReader#openShared}),
 * each with its own trackers, and each {@link LinePartitioned} analysis runs as two instances,
 * one per engine, each keeping half of the cache lines. The main engine runs every analysis
 * (those that cannot be split whole), the partner only its halves; at the end the main
 * instance writes the result of both, so the document is the one a single thread would write.
 *
 * <p>Both engines see the same entries, so a fault of the log or of the trackers stops both at
 * the same entry and the main engine's report is the report. What only the partner suffers (an
 * analysis failing on its lines, running out of memory) leaves the analyses it concerns out of
 * the results, with the partner's message.
 */
public final class SplitPass {
    private static final Diagnostics SILENT = message -> { }; // the main engine's trackers say the same

    private final Engine main;
    private final Engine partner;
    /** Pairs of instances: the main engine's, the partner's. */
    private final List<Analysis[]> pairs;

    private SplitPass(Engine main, Engine partner, List<Analysis[]> pairs) {
        this.main = main;
        this.partner = partner;
        this.pairs = pairs;
    }

    /** Whether splitting {@code pass} can help: it has an analysis that can be split by line. */
    public static boolean helps(Pass pass) {
        return pass.analyses().stream().anyMatch(a -> a instanceof LinePartitioned);
    }

    /**
     * Pairs the line-partitioned analyses of {@code main} with those of {@code partner} (a pass with
     * the same analyses and arguments, not used otherwise), gives each instance its half of the
     * lines, and builds the two engines.
     */
    public static SplitPass of(Pass main, Pass partner) {
        Map<String, Analysis> theirs = new HashMap<>();
        for (Analysis a : partner.analyses()) {
            if (a instanceof LinePartitioned) {
                theirs.put(a.name(), a);
            }
        }
        List<Analysis[]> pairs = new ArrayList<>();
        for (Analysis a : main.analyses()) {
            Analysis b = theirs.get(a.name());
            if (a instanceof LinePartitioned mine && b instanceof LinePartitioned other && a.getClass() == b.getClass()) {
                mine.restrictTo(new LinePartition(0, 2));
                other.restrictTo(new LinePartition(1, 2));
                mine.finishTogetherWith(List.of(other));
                pairs.add(new Analysis[] {a, b});
            }
        }
        List<Analysis> paired = pairs.stream().map(p -> p[1]).toList();
        Engine partnerEngine = partner.engine(SILENT, a -> paired.stream().anyMatch(x -> x == a));
        return new SplitPass(main.engine(), partnerEngine, pairs);
    }

    /** The main engine: finish and requirements are asked of it after {@link #run}. */
    public Engine engine() {
        return main;
    }

    /**
     * Runs the partner on a thread of its own and the main engine on this one, each on its reader
     * (two readers of {@link LogReader#openShared}; both are closed here, the main one again by its
     * owner if it likes). Returns the main engine's result, with what only the partner suffered.
     */
    public PassResult run(LogReader mainReader, LogReader partnerReader, ProgressListener progress) {
        PassResult[] theirs = new PassResult[1];
        Throwable[] crash = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                theirs[0] = partner.run(partnerReader, ProgressListener.NONE);
            } catch (Throwable x) { // not bad input (the engine reports that): a bug or an exhausted VM
                crash[0] = x;
            } finally {
                closeQuietly(partnerReader);
            }
        }, "mscan second pass thread");
        thread.setDaemon(true);
        thread.start();
        PassResult mine;
        try {
            mine = main.run(mainReader, progress);
        } finally {
            closeQuietly(mainReader); // the partner may still need the blocks this reader holds
        }
        Threads.joinUninterruptibly(thread);
        return combine(mine, theirs[0], crash[0]);
    }

    private PassResult combine(PassResult mine, PassResult theirs, Throwable crash) {
        String whole = null; // what stopped the partner but not the main engine: every pair is incomplete
        if (crash != null) {
            whole = "internal error on the second thread: " + crash;
        } else if (theirs.internalFault() != null && !theirs.internalFault().equals(mine.internalFault())) {
            whole = theirs.internalFault();
        } else if (theirs.traceFault() != null && !theirs.traceFault().equals(mine.traceFault())) {
            whole = theirs.traceFault();
        } else if (theirs.logFault() != null && mine.logFault() == null) {
            whole = theirs.logFault().getMessage();
        }
        List<String> failures = new ArrayList<>(mine.failures());
        if (whole != null) {
            failures.add(whole);
        } else {
            for (String f : theirs.failures()) {
                if (!failures.contains(f)) {
                    failures.add(f);
                }
            }
        }
        for (Analysis[] pair : pairs) {
            if (whole != null || partner.hasFailed(pair[1])) {
                main.markFailed(pair[0]);
            }
        }
        return new PassResult(mine.entries(), mine.logFault(), mine.traceFault(), mine.internalFault(), List.copyOf(failures));
    }

    private static void closeQuietly(LogReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // only lets go of its blocks; the other reader reports any fault of the stream
        }
    }
}
