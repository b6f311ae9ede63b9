package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.mtrace.mscan.calls.StackSnapshot;
import org.mtrace.mscan.kernel.Attribution;

/**
 * The call stacks as the report shows them ({@link SiteStacks}, {@link CallStackIds}): the ones
 * with the most transfers, each frame's return address named by its out-of-line function and its
 * innermost {@code func at file:line}. Ties in transfers go by the frames (return address, then call
 * target, newest frame first; a stack that is a prefix of another first), an order an independent
 * count can reproduce.
 */
final class CallerStacks {
    /** Stacks listed per code site and per function. */
    static final int LISTED = 3;

    private final CallStackIds ids;
    private final Attribution attribution;

    CallerStacks(CallStackIds ids, Attribution attribution) {
        this.ids = ids;
        this.attribution = attribution;
    }

    /**
     * Of a row's {@code transfers}, those under no call stack: the rest once its stacks' {@code counts}
     * (transfers by stack id; null: none) are taken off.
     */
    static long unstacked(long transfers, Map<Integer, Long> counts) {
        long stacked = 0;
        if (counts != null) {
            for (long n : counts.values()) {
                stacked += n;
            }
        }
        return transfers - stacked;
    }

    /** The top {@link #LISTED} of {@code counts} (transfers by stack id; null: none). */
    List<Report.Stack> top(Map<Integer, Long> counts) {
        if (counts == null) {
            return List.of();
        }
        List<Map.Entry<Integer, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Comparator.comparingLong((Map.Entry<Integer, Long> c) -> -c.getValue())
                .thenComparing((a, b) -> compareFrames(ids.stack(a.getKey()), ids.stack(b.getKey()))));
        List<Report.Stack> out = new ArrayList<>();
        for (Map.Entry<Integer, Long> c : sorted.subList(0, Math.min(LISTED, sorted.size()))) {
            StackSnapshot s = ids.stack(c.getKey());
            List<Report.Frame> callers = new ArrayList<>(s.depth());
            for (int i = 0; i < s.depth(); i++) {
                long ret = s.returnPc(i);
                callers.add(new Report.Frame(ret, CodeNames.outOfLineFunction(attribution, ret), attribution.describe(ret)));
            }
            out.add(new Report.Stack(callers, c.getValue()));
        }
        return out;
    }

    /** Newest frame first: return address, then call target (unsigned); a prefix first. */
    static int compareFrames(StackSnapshot a, StackSnapshot b) {
        for (int i = 0; i < Math.min(a.depth(), b.depth()); i++) {
            int c = Long.compareUnsigned(a.returnPc(i), b.returnPc(i));
            if (c == 0) {
                c = Long.compareUnsigned(a.targetPc(i), b.targetPc(i));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.depth(), b.depth());
    }
}
