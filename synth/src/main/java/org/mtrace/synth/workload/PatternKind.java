package org.mtrace.synth.workload;

import java.util.function.Function;

/** The named access patterns a workload mixes, with their command-line names. */
public enum PatternKind {
    TRUE_SHARING("true-sharing", TrueSharingPattern::new),
    FALSE_SHARING("false-sharing", FalseSharingPattern::new),
    PERCPU("percpu", PerCpuPattern::new),
    READ_MOSTLY("read-mostly", ReadMostlyPattern::new),
    LOCK_HANDOFF("lock-handoff", LockHandoffPattern::new),
    SCATTER("scatter", ScatterPattern::wide),
    HOT_SCATTER("hot-scatter", ScatterPattern::hot),
    HOT_SCATTER_PRIVATE("hot-scatter-private", ScatterPattern::hotPrivate);

    private final String spelling;
    private final Function<World, Pattern> factory;

    PatternKind(String spelling, Function<World, Pattern> factory) {
        this.spelling = spelling;
        this.factory = factory;
    }

    public String spelling() {
        return spelling;
    }

    Pattern create(World world) {
        return factory.apply(world);
    }

    /** The kind called {@code name} (as spelled on the command line). */
    public static PatternKind parse(String name) {
        for (PatternKind k : values()) {
            if (k.spelling.equals(name.trim())) {
                return k;
            }
        }
        StringBuilder known = new StringBuilder();
        for (PatternKind k : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(k.spelling);
        }
        throw new IllegalArgumentException("unknown pattern '" + name + "' (known: " + known + ")");
    }
}
