package org.mtrace.analyses.falsesharing;

import java.util.BitSet;
import java.util.TreeSet;
import org.mtrace.format.AccessView;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.LineParts;
import org.mtrace.mscan.engine.LinePartitioned;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.labels.KindList;
import org.mtrace.mscan.labels.Labels;
import org.mtrace.mscan.lines.LineSize;
import org.mtrace.mscan.util.LongMap;
import org.mtrace.mscan.util.Unsigned;

/**
 * {@code --false-sharing} (MSCAN.md §8.3): for each instruction that touches a cache line holding
 * more than one labelled object (while recording), the set of (name, alloc_pc) of those objects.
 *
 * <p>Speed: a line that holds one object at most, nearly every line, is told by one counter read
 * ({@link Labels#mayHoldTwoObjects}); the label maps number each distinct (name, alloc_pc) pair (the
 * object's kind), so the work on the other lines is the line query plus bit-set writes; and a PC that
 * hits the same line again with unchanged labels on it is skipped outright. Names are only sorted at
 * the end.
 *
 * <p>Its state is not per line but per PC (the set of kinds found), so it keeps no line table:
 * from the line core it takes the line size ({@code --line-size}, default 64), which decides the
 * line the label maps are asked about.
 *
 * <p>What a PC finds on one line does not depend on its other lines, so a split pass
 * ({@code SplitPass}) runs two instances, each asking about its half of the lines; the first
 * writes, per PC, the union of the objects both found.
 */
public final class FalseSharing implements LinePartitioned {
    private final Attribution attribution;
    private final LineSize lineSize;
    private final LongMap<PcState> byPc = new LongMap<>();
    private final KindList onLine = new KindList();
    /** The lines it counts and the instances whose results {@link #finish} writes. */
    private final LineParts<FalseSharing> parts = new LineParts<>(this, FalseSharing.class);
    /** The labels this instance's kinds are numbered by (its engine's), kept at the first access. */
    private Labels labels;

    /**
     * Per PC: kinds found (null until the PC hits a shared line), last line seen, and when the
     * labels' answer for it holds: while the generation is unchanged, or, for a stamped answer
     * ({@link Labels#lineStamp}), while the line's stamp is (labels come and go every few
     * accesses on a kernel, mostly elsewhere).
     */
    private static final class PcState {
        long line = -1;
        long generation = -1;
        boolean stamped;
        long stamp;
        BitSet instances;
    }

    FalseSharing(Attribution attribution, LineSize lineSize) {
        this.attribution = attribution;
        this.lineSize = lineSize;
    }

    @Override
    public String name() {
        return "false-sharing";
    }

    @Override
    public LineParts<FalseSharing> lineParts() {
        return parts;
    }

    @Override
    public Requirements requirements() {
        return Requirements.recording();
    }

    @Override
    public void subscribe(Handlers on) {
        on.recordedAccess(this::onAccess);
    }

    private void onAccess(AccessView a, TraceState state) {
        long pc = a.pc();
        long line = lineSize.lineOf(a.guestAddr());
        if (!parts.owns(line)) {
            return;
        }
        Labels labels = state.labels();
        if (this.labels == null) {
            this.labels = labels;
        }
        if (!labels.mayHoldTwoObjects(line, lineSize)) {
            // one object on the line at most: nothing to add, and no need to find the PC's state (on
            // a kernel nearly every access is to such a line); a later visit of the PC's last line
            // is still skipped rightly: what it found there holds while the line's labels do
            return;
        }
        PcState ps = byPc.get(pc);
        if (ps == null) {
            ps = new PcState();
            byPc.put(pc, ps);
        } else if (ps.line == line && (ps.generation == labels.generation()
                || ps.stamped && ps.stamp == labels.lineStamp(line))) {
            return; // same line, same labels on it: nothing new can be found
        }
        ps.line = line;
        ps.generation = labels.generation();
        ps.stamped = labels.kindsOnLine(line, lineSize, onLine);
        if (ps.stamped) {
            ps.stamp = labels.lineStamp(line);
        }
        if (onLine.size() < 2) {
            return;
        }
        if (ps.instances == null) {
            ps.instances = new BitSet();
        }
        for (int i = 0; i < onLine.size(); i++) {
            ps.instances.set(onLine.get(i));
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        long[] pcs = new long[0];
        for (FalseSharing part : parts.all()) {
            long[] mine = part.byPc.keys();
            int n = pcs.length;
            pcs = java.util.Arrays.copyOf(pcs, n + mine.length);
            System.arraycopy(mine, 0, pcs, n, mine.length);
        }
        Unsigned.sort(pcs);
        out.key("false-sharing").beginArray();
        for (int i = 0; i < pcs.length; i++) {
            long pc = pcs[i];
            if (i > 0 && pcs[i - 1] == pc) {
                continue; // a PC both instances saw
            }
            TreeSet<Instance> sorted = new TreeSet<>();
            for (FalseSharing part : parts.all()) {
                part.addInstances(pc, sorted);
            }
            if (sorted.isEmpty()) {
                continue;
            }
            out.beginObject().key("pc").hex(pc).key("instances").beginArray();
            for (Instance in : sorted) {
                out.beginObject()
                        .key("name").string(in.name())
                        .key("alloc-pc").hex(in.allocPc())
                        .key("alloc-info").string(attribution.describe(in.allocPc()))
                        .endObject();
            }
            out.endArray().endObject();
        }
        out.endArray();
    }

    /** Adds the (name, alloc PC) pairs this instance found for {@code pc}. */
    private void addInstances(long pc, TreeSet<Instance> sorted) {
        PcState ps = byPc.get(pc);
        if (ps == null || ps.instances == null) {
            return;
        }
        ps.instances.stream().forEach(k -> sorted.add(new Instance(labels.kindName(k), labels.kindAllocPc(k))));
    }
}
