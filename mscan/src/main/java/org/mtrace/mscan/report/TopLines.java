package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.mtrace.mscan.kernel.AddressDescription;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.KernelLayout;
import org.mtrace.mscan.lines.Key;
import org.mtrace.mscan.lines.LineCore;

/**
 * The shared lines ranked by {@code --sort} ({@link #rank}), and the top ones' details gathered
 * from their keys ({@link #visit}): what lives at each offset, and per offset the reads and
 * writes, CPUs, code sites and system calls (c2c's Shared Data Cache Line Table).
 */
final class TopLines {
    /** Code sites and system calls listed per offset of a top line. */
    static final int SITES_PER_OFFSET = 5;
    static final int SYSCALLS_PER_OFFSET = 5;

    private final ReportCollector collector;
    private final LineCore core;
    private final Attribution attribution;
    private final KernelInfo kernel;
    private final KeyDescriber describer;
    private final LineVerdicts verdicts;
    private final CodeNames names;
    private final Ranking ranking;
    private final List<Integer> ranked;
    private final IntIntHashMap index = new IntIntHashMap();
    private final List<Map<Long, OffsetAgg>> offsets = new ArrayList<>();
    private final List<Map<String, Report.What>> whats = new ArrayList<>();

    /** The best lines (ids, best first) among the {@code admitted} shared lines the filters admit. */
    record Ranking(List<Integer> best, long admitted) {
    }

    /** The details of the lines {@code ranking} chose. */
    TopLines(Ranking ranking, ReportCollector collector, Attribution attribution, KeyDescriber describer,
            LineVerdicts verdicts, CodeNames names) {
        this.ranking = ranking;
        this.ranked = ranking.best();
        this.collector = collector;
        this.core = collector.core();
        this.attribution = attribution;
        this.kernel = attribution.kernel();
        this.describer = describer;
        this.verdicts = verdicts;
        this.names = names;
        for (int r = 0; r < ranked.size(); r++) {
            index.put(ranked.get(r), r);
            offsets.add(new TreeMap<>());
            whats.add(new LinkedHashMap<>());
        }
    }

    /**
     * The best {@code filters.top()} shared lines in the {@code --sort} order, among those in
     * {@code structLines} and {@code functionLines} (null: any).
     */
    static Ranking rank(LineCore core, Filters filters, IntHashSet structLines, IntHashSet functionLines) {
        TopIds top = new TopIds(filters.top(), (a, b) -> compare(core, filters.sort(), a, b));
        long admitted = 0;
        for (int i = 0; i < core.lines(); i++) {
            if (core.shared(i) && (structLines == null || structLines.contains(i))
                    && (functionLines == null || functionLines.contains(i))) {
                top.offer(i);
                admitted++;
            }
        }
        return new Ranking(top.best(), admitted);
    }

    /** The shared lines the ranking chose from. */
    long admitted() {
        return ranking.admitted();
    }

    /** The --sort order of lines, then more transfers first, then lower address: a total order. */
    private static int compare(LineCore core, Filters.Sort sort, int a, int b) {
        int c = switch (sort) {
            case transfers -> 0;
            case cpus -> Integer.compare(Long.bitCount(core.readers(b) | core.writers(b)),
                    Long.bitCount(core.readers(a) | core.writers(a)));
            case writes -> Long.compare(core.writes(b), core.writes(a));
        };
        if (c == 0) {
            c = Long.compare(core.transfers(b), core.transfers(a));
        }
        return c != 0 ? c : Long.compareUnsigned(core.address(a), core.address(b));
    }

    /** Per-offset builder of a top line. */
    private static final class OffsetAgg {
        long reads;
        long writes;
        final List<Integer> cpus = new ArrayList<>();
        final LongLongHashMap pcs = new LongLongHashMap();      // pc -> transfers
        final LongLongHashMap syscalls = new LongLongHashMap(); // entry pc -> transfers
        final LongLongHashMap shapes = new LongLongHashMap();   // shape -> transfers
        final LongLongHashMap firstObject = new LongLongHashMap(); // shape -> its first object here
        /** The (shape, PC) pairs described here: per shape, and on a stack per PC ({@link KeyVotes#onStack}). */
        final Set<Described> described = new HashSet<>();
    }

    /** A shape, and on a stack the accessing PC (0 elsewhere): what a key's description depends on. */
    private record Described(long shape, long pc) {
    }

    /** Gathers one key ({@link LineCore#forEachKey}) if it lies on a ranked line. */
    void visit(int line, int offset, int size, int contextId, long shape, int object, long n) {
        int r = index.getIfAbsent(line, -1);
        if (r < 0) {
            return;
        }
        OffsetAgg o = offsets.get(r).computeIfAbsent((long) offset << 16 | size, k -> new OffsetAgg());
        long context = core.context(contextId);
        if (Key.store(context)) {
            o.writes += n;
        } else {
            o.reads += n;
        }
        if (!o.cpus.contains(Key.cpu(context))) {
            o.cpus.add(Key.cpu(context));
        }
        long pc = core.pcs().value(Key.pcId(context));
        o.pcs.addToValue(pc, n);
        o.syscalls.addToValue(core.syscalls().value(Key.syscallId(context)), n);
        long addr = core.address(line) + offset;
        if (o.described.add(new Described(shape, describer.onStack(shape, addr) ? pc : 0))) {
            AddressDescription d = describer.describe(shape, object, addr, pc);
            if (d.form() == AddressDescription.Form.TYPED) {
                d = new AddressDescription(d.form(), d.type(), describer.fittedField(d, size), d.offset(), d.text());
            }
            String k = offset + "/" + size + "/" + switch (d.form()) {
                case TYPED -> d.typeAndField();
                case NAME -> d.type();
                case STACK -> d.frame();
                default -> d.form().label();
            };
            whats.get(r).putIfAbsent(k, new Report.What(offset, size, d));
            o.firstObject.getIfAbsentPut(shape, object);
        }
        o.shapes.addToValue(shape, n);
    }

    /** The ranked lines with their details, best first. */
    List<Report.Line> lines() {
        IntHashSet ids = new IntHashSet();
        ranked.forEach(ids::add);
        Map<SiteStacks.Site, Map<Integer, Long>> stacks = collector.siteStacks().of(ids);
        CallerStacks callers = new CallerStacks(collector.callStacks(), attribution);
        List<Report.Line> out = new ArrayList<>();
        for (int r = 0; r < ranked.size(); r++) {
            int id = ranked.get(r);
            List<Report.What> what = new ArrayList<>(whats.get(r).values());
            what.sort(Comparator.comparingInt(Report.What::offset).thenComparingInt(Report.What::size));
            List<Report.Offset> offs = new ArrayList<>();
            offsets.get(r).forEach((k, o) -> offs.add(offset(k, id, o, stacks, callers)));
            List<Report.CpuRow> cpus = new ArrayList<>();
            for (long m = core.readers(id) | core.writers(id); m != 0; m &= m - 1) {
                int c = Long.numberOfTrailingZeros(m);
                cpus.add(new Report.CpuRow(c, core.cpuReads(id, c), core.cpuWrites(id, c), core.readMaskOf(id, c),
                        core.writeMaskOf(id, c)));
            }
            out.add(new Report.Line(r + 1, core.address(id), KernelLayout.isUser(core.address(id)), what, core.reads(id),
                    core.writes(id), Long.bitCount(core.readers(id)), Long.bitCount(core.writers(id)),
                    verdicts.of(id) == LineVerdicts.TRUE_SHARING, cpus, offs));
        }
        return out;
    }

    private Report.Offset offset(long key, int line, OffsetAgg o, Map<SiteStacks.Site, Map<Integer, Long>> stacks,
            CallerStacks callers) {
        long lineAddress = core.address(line);
        int offset = (int) (key >>> 16);
        int size = (int) (key & 0xffff);
        o.cpus.sort(null);
        List<Report.Site> sites = new ArrayList<>();
        for (long[] pc : top(o.pcs, SITES_PER_OFFSET)) {
            List<String> all = kernel.isImage() ? attribution.describeAll(pc[0]) : List.of();
            List<String> inlined = all.size() > 1 ? all.subList(1, all.size()) : List.of();
            Map<Integer, Long> counts = stacks.get(new SiteStacks.Site(line, offset, size, pc[0]));
            sites.add(new Report.Site(pc[0], kernel.function(pc[0]), names.sourceLine(pc[0]), inlined, pc[1],
                    callers.top(counts), collector.siteStacks().any() ? CallerStacks.unstacked(pc[1], counts) : 0));
        }
        o.syscalls.remove(0); // transfers outside any system call
        List<Report.Count> syscalls = new ArrayList<>();
        for (long[] sc : top(o.syscalls, SYSCALLS_PER_OFFSET)) {
            syscalls.add(new Report.Count(names.syscallName(sc[0]), sc[1]));
        }
        // the field (or stack frame) of the shape with the most transfers here, as its top site sees it
        String field = null;
        long best = top(o.shapes, 1).get(0)[0];
        long topPc = top(o.pcs, 1).get(0)[0];
        AddressDescription d = describer.describe(best, (int) o.firstObject.get(best), lineAddress + offset, topPc);
        if (d.form() == AddressDescription.Form.TYPED) {
            field = describer.fittedField(d, size);
        } else if (d.form() == AddressDescription.Form.STACK) {
            field = d.frame();
        }
        return new Report.Offset(offset, size, field, o.reads, o.writes, o.cpus, sites, syscalls,
                verdicts.bytesShared(line, offset, size));
    }

    /** The {@code limit} entries with the most transfers, as {key, transfers}; ties by key. */
    private static List<long[]> top(LongLongHashMap counts, int limit) {
        List<long[]> all = new ArrayList<>(counts.size());
        counts.forEachKeyValue((k, v) -> all.add(new long[] {k, v}));
        all.sort((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compareUnsigned(a[0], b[0]));
        return all.subList(0, Math.min(limit, all.size()));
    }
}
