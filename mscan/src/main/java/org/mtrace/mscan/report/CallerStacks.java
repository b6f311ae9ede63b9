package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.mtrace.mscan.calls.StackSnapshot;
import org.mtrace.mscan.kernel.Attribution;

/**
 * The call stacks of the top lines' code sites, as the report shows them: per (line, offset, PC)
 * the stacks with the most transfers ({@link SiteStacks}), each frame's return address named by
 * its out-of-line function and its innermost {@code func at file:line}. Ties in transfers go by the
 * frames (return address, then call target, newest frame first; a stack that is a prefix of
 * another first), an order an independent count can reproduce.
 */
final class CallerStacks {
    /** Stacks listed per code site. */
    static final int PER_SITE = 3;

    private final Map<SiteStacks.Site, List<SiteStacks.Count>> bySite;
    private final CallStackIds ids;
    private final Attribution attribution;

    /** The stacks of the sites of the lines {@code lineIds}. */
    CallerStacks(ReportCollector collector, IntHashSet lineIds, Attribution attribution) {
        this.bySite = collector.siteStacks().of(lineIds);
        this.ids = collector.callStacks();
        this.attribution = attribution;
    }

    /** The stacks the instruction at {@code pc} moved line {@code lineId} under at {@code offset}, the top {@link #PER_SITE}. */
    List<Report.Stack> of(int lineId, int offset, long pc) {
        List<SiteStacks.Count> counts = bySite.get(new SiteStacks.Site(lineId, offset, pc));
        if (counts == null) {
            return List.of();
        }
        List<SiteStacks.Count> sorted = new ArrayList<>(counts);
        sorted.sort(Comparator.comparingLong((SiteStacks.Count c) -> -c.transfers())
                .thenComparing((a, b) -> compareFrames(ids.stack(a.stackId()), ids.stack(b.stackId()))));
        List<Report.Stack> out = new ArrayList<>();
        for (SiteStacks.Count c : sorted.subList(0, Math.min(PER_SITE, sorted.size()))) {
            StackSnapshot s = ids.stack(c.stackId());
            List<Report.Frame> callers = new ArrayList<>(s.depth());
            for (int i = 0; i < s.depth(); i++) {
                long ret = s.returnPc(i);
                List<String> frames = attribution.describeAll(ret); // innermost first
                callers.add(new Report.Frame(ret, FrameText.function(frames.get(frames.size() - 1)), frames.get(0)));
            }
            out.add(new Report.Stack(callers, c.transfers()));
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
