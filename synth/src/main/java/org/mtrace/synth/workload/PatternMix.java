package org.mtrace.synth.workload;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Relative weights of the patterns, e.g.
 * {@code true-sharing=1,false-sharing=1,percpu=4,read-mostly=4,lock-handoff=1}.
 * Each operation picks a pattern with probability weight / total.
 */
public final class PatternMix {
    /**
     * Profile "small", the default mix: mostly well-behaved per-CPU and read-mostly work, some
     * sharing of each kind; the accesses touch about 210 cache lines.
     */
    private static final String SMALL = "true-sharing=1,false-sharing=1,percpu=4,read-mostly=4,lock-handoff=1";
    /**
     * Profile "kernel": the small mix under a majority of {@code scatter} calls, so most accesses
     * go to a Zipf-skewed working set of half a million lines at every byte offset, with per-CPU
     * private lines and a label every few accesses, as in recorded kernels.
     */
    private static final String KERNEL = "scatter=16,true-sharing=1,false-sharing=1,percpu=2,read-mostly=2,lock-handoff=1";
    /**
     * Profile "hot": the kernel profile with {@code hot-scatter} for {@code scatter}, the shape of
     * the independent 50 M-entry log of issue 12 (about two thousand shared lines at every byte
     * offset, per-CPU private lines, labels interleaved).
     */
    private static final String HOT = "hot-scatter=16,true-sharing=1,false-sharing=1,percpu=2,read-mostly=2,lock-handoff=1";
    /**
     * Profile "hot-private": the hot profile whose private accesses spread evenly over 4 MiB per
     * CPU, so that a tool keeping a record per address (the original's all-sharing) holds millions
     * of them, as on issue 12's independent log (1.65 GB for the original there).
     */
    private static final String HOT_PRIVATE =
            "hot-scatter-private=16,true-sharing=1,false-sharing=1,percpu=2,read-mostly=2,lock-handoff=1";
    public static final PatternMix DEFAULT = parse(SMALL);

    private final int[] weights = new int[PatternKind.values().length];
    private final int total;

    private PatternMix(Map<PatternKind, Integer> weightByKind) {
        int sum = 0;
        for (Map.Entry<PatternKind, Integer> e : weightByKind.entrySet()) {
            weights[e.getKey().ordinal()] = e.getValue();
            sum += e.getValue();
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("pattern weights must not all be zero");
        }
        this.total = sum;
    }

    /**
     * Parses {@code name=weight,...}; a name without {@code =weight} has weight 1; unnamed patterns
     * get 0. The profile names {@code small}, {@code kernel}, {@code hot} and {@code hot-private}
     * stand for their mixes.
     */
    public static PatternMix parse(String text) {
        switch (text.trim()) {
            case "small" -> text = SMALL;
            case "kernel" -> text = KERNEL;
            case "hot" -> text = HOT;
            case "hot-private" -> text = HOT_PRIVATE;
            default -> {
            }
        }
        Map<PatternKind, Integer> m = new EnumMap<>(PatternKind.class);
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            String[] kv = item.split("=", 2);
            PatternKind kind = PatternKind.parse(kv[0]);
            int weight;
            try {
                weight = kv.length == 2 ? Integer.parseInt(kv[1].trim()) : 1;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad weight in '" + item.trim() + "' (expected an integer)");
            }
            if (weight < 0 || weight > 1_000_000) {
                throw new IllegalArgumentException("weight of " + kind.spelling() + " must be 0..1000000");
            }
            if (m.put(kind, weight) != null) {
                throw new IllegalArgumentException("pattern " + kind.spelling() + " given twice");
            }
        }
        return new PatternMix(m);
    }

    public int weight(PatternKind kind) {
        return weights[kind.ordinal()];
    }

    /** The ordinal of a random kind, each chosen with probability weight / total. */
    int pick(SplittableRandom rng) {
        int r = rng.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        throw new AssertionError("weights sum to total");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (PatternKind k : PatternKind.values()) {
            if (weights[k.ordinal()] > 0) {
                sb.append(sb.length() == 0 ? "" : ",").append(k.spelling()).append('=').append(weights[k.ordinal()]);
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatternMix other && java.util.Arrays.equals(weights, other.weights);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(weights);
    }
}
