package org.mtrace.mscan.cli;

import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.BasicProvider;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;

/**
 * Analyses that only {@link InternalErrorTest} registers (a services file it puts on the class path of
 * the mscan it starts), so that bin/mscan's own entry point finds them as it finds any analysis: one that
 * counts accesses, and two with a bug, in a handler and in {@code finish}.
 */
public final class TestAnalyses {
    private TestAnalyses() {
    }

    /** Prints how many access entries it saw. */
    public static final class CountAccesses extends BasicProvider {
        public CountAccesses() {
            super("count-accesses", "Access entries (test)", 100, setup -> new Counter("count-accesses", false));
        }
    }

    /** Throws an IllegalStateException on the second access entry. */
    public static final class BuggyHandler extends BasicProvider {
        public BuggyHandler() {
            super("buggy-handler", "A bug on the second access (test)", 101, setup -> new Counter("buggy-handler", false) {
                @Override
                void counted() {
                    if (accesses == 2) {
                        throw new IllegalStateException("bug on the second access");
                    }
                }
            });
        }
    }

    /** Throws an IllegalStateException while writing its results. */
    public static final class BuggyFinish extends BasicProvider {
        public BuggyFinish() {
            super("buggy-finish", "A bug while writing (test)", 102, setup -> new Counter("buggy-finish", true));
        }
    }

    private static class Counter implements Analysis {
        private final String name;
        private final boolean failAtFinish;
        long accesses;

        Counter(String name, boolean failAtFinish) {
            this.name = name;
            this.failAtFinish = failAtFinish;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void subscribe(Handlers on) {
            on.access((a, s) -> {
                accesses++;
                counted();
            });
        }

        void counted() {
        }

        @Override
        public void finish(TraceState state, JsonWriter out) {
            if (failAtFinish) {
                throw new IllegalStateException("bug while writing");
            }
            out.key(name).value(accesses);
        }
    }
}
