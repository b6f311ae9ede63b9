package org.mtrace.analyses.sharedaddr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.dwarf.alloc.SiteType;
import org.mtrace.format.AccessView;
import org.mtrace.format.EntryType;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.AccessVotes;
import org.mtrace.mscan.kernel.AddressDescription;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.BlockPurpose;
import org.mtrace.mscan.kernel.KernelLayout;
import org.mtrace.mscan.kernel.RegionLabel;
import org.mtrace.mscan.kernel.StackFrameVotes;
import org.mtrace.mscan.labels.LabelMaps;

/**
 * {@code attribution} (not in the original): how much of the kernel's traffic the descriptions of
 * shared-addresses name, per {@link AttributionForm}, weighted by access count. The rows are
 * shared-addresses' own ({@link AddressRowTable}), so the figure can be recomputed from its
 * output; user-space accesses are kept out of them and reported per process instead.
 */
final class AttributionCoverage implements Analysis {
    /** Unlabelled traffic is grouped in aligned ranges of this size (a huge page). */
    static final int RANGE_SHIFT = 21;
    static final int TOP_RANGES = 10;
    static final int TOP_NAMES = 10;
    static final int TOP_PROCESSES = 10;
    static final int TOP_FUNCTIONS = 3;
    private static final String[] SOURCES = {"none", "heap", "block", "static", "per-CPU", "struct page"};

    private final Attribution attribution;
    private final AddressRowTable kernelRows = new AddressRowTable();
    private final UserTraffic user = new UserTraffic();

    AttributionCoverage(Attribution attribution) {
        this.attribution = attribution;
        if (SOURCES.length != LabelMaps.TYPED_ARRAY + 1) {
            throw new IllegalStateException("label types changed");
        }
    }

    @Override
    public String name() {
        return "attribution";
    }

    @Override
    public Requirements requirements() {
        return Requirements.NONE.andEntries(EntryType.ACCESS).andKernelImage()
                .withHint("types, variables and struct page come from its DWARF");
    }

    @Override
    public long stateBytes() {
        return kernelRows.stateBytes() + user.stateBytes();
    }

    @Override
    public void subscribe(Handlers on) {
        on.access(this::onAccess).sched((s, state) -> user.onSched(s.cpu(), s.tid()))
                .task((t, state) -> user.onTask(t.tid(), t.tgid(), t.str()));
    }

    private void onAccess(AccessView a, TraceState state) {
        long addr = a.guestAddr();
        if (attribution.layout().regionOf(addr) == KernelLayout.Region.USER) {
            user.onAccess(a.cpu());
        } else {
            kernelRows.count(addr, a.pc(), a.cpu(), state.labels());
        }
    }

    /** Counts of one form: all kernel traffic and the part at rows touched by two or more CPUs. */
    private static final class Tally {
        long all;
        long shared;
        final Map<String, long[]> detail = new TreeMap<>();

        void add(String what, long n, boolean isShared) {
            all += n;
            long[] d = detail.computeIfAbsent(what, k -> new long[2]);
            d[0] += n;
            if (isShared) {
                shared += n;
                d[1] += n;
            }
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        kernelRows.finishCounting();
        Tally[] tallies = new Tally[AttributionForm.values().length];
        for (int i = 0; i < tallies.length; i++) {
            tallies[i] = new Tally();
        }
        LongLongHashMap unnamedRanges = new LongLongHashMap();
        LongObjectHashMap<Map<String, long[]>> rangeFunctions = new LongObjectHashMap<>();
        KernelLayout layout = attribution.layout();
        long total = 0;
        long totalShared = 0;
        LongObjectHashMap<AccessVotes> votes = accessVotes();
        for (AddressRow row : kernelRows.rows()) {
            long n = total(row);
            boolean isShared = cpusTouching(row) >= 2;
            total += n;
            totalShared += isShared ? n : 0;
            AttributionForm form;
            String detail;
            String purpose;
            RegionLabel.Purpose named;
            SiteType inferred;
            AccessVotes accessed;
            AddressDescription stack = null;
            if (!row.name.isEmpty() && attribution.describeTyped(row.name, row.base, row.address - row.base, 0) != null) {
                form = AttributionForm.TYPED;
                detail = SOURCES[row.labelType];
            } else if ((stack = stackFrame(row)) != null) {
                form = stack.field() != null ? AttributionForm.STACK_VARIABLE : AttributionForm.STACK_FRAME;
                detail = stack.field() != null ? stack.type() + ": " + stack.field() : stack.type();
            } else if ((named = regionLabel(row)) != null) {
                form = named.kind() == RegionLabel.Kind.STACK ? AttributionForm.STACK : AttributionForm.NAMED_REGION;
                detail = named.what();
            } else if ((purpose = blockPurpose(row)) != null) {
                form = AttributionForm.NAMED_REGION;
                detail = purpose;
            } else if ((inferred = inferredType(row)) != null) {
                form = AttributionForm.TYPED_INFERRED;
                detail = inferred.type() + " (" + inferred.how().label() + " " + inferred.from() + ")";
            } else if ((accessed = votes.get(row.objectId)) != null
                    && attribution.describeByInstruction(row.name, row.base, row.address - row.base, accessed) != null) {
                form = AttributionForm.TYPED_BY_INSTRUCTION;
                detail = accessed.agreed().type() + " (variable " + accessed.agreed().variable() + " in "
                        + attribution.func(accessed.pc()) + ")";
            } else if (!row.name.isEmpty()) {
                form = AttributionForm.NAME_OFFSET;
                detail = row.allocPc == 0 ? row.name : row.name + " from " + attribution.func(row.allocPc);
            } else {
                String region = layout.regionOf(row.address).label();
                form = region != null ? AttributionForm.NAMED_REGION : AttributionForm.UNATTRIBUTED;
                detail = region != null ? region : "unknown";
            }
            tallies[form.ordinal()].add(detail, n, isShared);
            if (row.name.isEmpty() && stack == null) {
                long range = row.address >>> RANGE_SHIFT;
                unnamedRanges.addToValue(range, n);
                Map<String, long[]> functions = rangeFunctions.getIfAbsentPut(range, TreeMap::new);
                for (long pc : row.sortedPcs()) {
                    functions.computeIfAbsent(attribution.func(pc), k -> new long[1])[0] += row.countOf(pc);
                }
            }
        }
        out.key("attribution").beginObject()
                .key("kernel-accesses").value(total)
                .key("kernel-accesses-shared").value(totalShared);
        out.key("forms").beginArray();
        for (AttributionForm f : AttributionForm.values()) {
            writeForm(out, f, tallies[f.ordinal()], total, totalShared);
        }
        out.endArray();
        writeRanges(out, unnamedRanges, rangeFunctions, layout, total);
        writeUser(out);
        out.endObject();
    }

    private static void writeForm(JsonWriter out, AttributionForm f, Tally t, long total, long totalShared) {
        out.beginObject().key("form").string(f.label())
                .key("count").value(t.all).key("share").floatValue(share(t.all, total))
                .key("shared-count").value(t.shared).key("shared-share").floatValue(share(t.shared, totalShared));
        out.key("by").beginArray();
        for (Map.Entry<String, long[]> d : top(t.detail, TOP_NAMES)) {
            out.beginObject().key("what").string(d.getKey()).key("count").value(d.getValue()[0])
                    .key("shared-count").value(d.getValue()[1]).endObject();
        }
        out.endArray().endObject();
    }

    /** The functions (their accesses: "count") that touched one unlabelled range most. */
    private static void writeTop(JsonWriter out, String key, Map<String, long[]> counts, int limit) {
        out.key(key).beginArray();
        for (Map.Entry<String, long[]> d : top(counts, limit)) {
            out.beginObject().key("function").string(d.getKey()).key("count").value(d.getValue()[0]).endObject();
        }
        out.endArray();
    }

    /** The {@code limit} entries with the largest first count; ties keep the map's (name) order. */
    private static List<Map.Entry<String, long[]>> top(Map<String, long[]> counts, int limit) {
        List<Map.Entry<String, long[]>> all = new ArrayList<>(counts.entrySet());
        all.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])); // stable
        return all.subList(0, Math.min(limit, all.size()));
    }

    private static void writeRanges(JsonWriter out, LongLongHashMap ranges,
            LongObjectHashMap<Map<String, long[]>> functions, KernelLayout layout, long total) {
        long[] keys = ranges.keySet().toArray();
        Long[] boxed = new Long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            boxed[i] = keys[i];
        }
        java.util.Arrays.sort(boxed, (a, b) -> {
            int c = Long.compare(ranges.get(b), ranges.get(a));
            return c != 0 ? c : Long.compareUnsigned(a, b);
        });
        out.key("top-unattributed-ranges").beginArray();
        for (int i = 0; i < boxed.length && i < TOP_RANGES; i++) {
            long start = boxed[i] << RANGE_SHIFT;
            String region = layout.regionOf(start).label();
            out.beginObject().key("start").hex(start).key("end").hex(start + (1L << RANGE_SHIFT))
                    .key("region").string(region == null ? "unknown" : region)
                    .key("count").value(ranges.get(boxed[i])).key("share").floatValue(share(ranges.get(boxed[i]), total));
            writeTop(out, "functions", functions.get(boxed[i]), TOP_FUNCTIONS);
            out.endObject();
        }
        out.endArray();
    }

    private void writeUser(JsonWriter out) {
        out.key("user").beginObject().key("accesses").value(user.total());
        out.key("processes").beginArray();
        List<UserTraffic.Process> ps = user.processes();
        for (int i = 0; i < ps.size() && i < TOP_PROCESSES; i++) {
            UserTraffic.Process p = ps.get(i);
            out.beginObject().key("pid").value(p.pid()).key("comm").string(p.comm()).key("count").value(p.count())
                    .endObject();
        }
        out.endArray().endObject();
    }

    /** The frame a stack row's accesses agree on ({@link StackRow}), or null. */
    private AddressDescription stackFrame(AddressRow row) {
        StackFrameVotes votes = StackRow.votes(attribution, row);
        return votes == null ? null : attribution.describeStack(row.name, row.base, row.address - row.base, votes);
    }

    /** The purpose of a block label the recorder named by it ({@link RegionLabel}), or null. */
    private static RegionLabel.Purpose regionLabel(AddressRow row) {
        return row.labelType == LabelMaps.BLOCK ? RegionLabel.of(row.name) : null;
    }

    /**
     * The type a heap row's allocation site suggests, when it describes the row's offset
     * ({@link Attribution#describeInferred}); null otherwise.
     */
    private SiteType inferredType(AddressRow row) {
        if (row.labelType != LabelMaps.HEAP || row.allocPc == 0
                || attribution.describeInferred(row.name, row.base, row.address - row.base, row.allocPc) == null) {
            return null;
        }
        return attribution.inferredType(row.name, row.allocPc);
    }

    /**
     * Per untyped heap object (by object id) that neither its label nor its allocation site types,
     * the votes of its accesses' instructions ({@link Attribution#instructionType}); only objects
     * some access proposed a type for.
     */
    private LongObjectHashMap<AccessVotes> accessVotes() {
        LongObjectHashMap<AccessVotes> votes = new LongObjectHashMap<>();
        for (AddressRow row : kernelRows.rows()) {
            if (row.labelType != LabelMaps.HEAP || row.name.isEmpty()
                    || (row.allocPc != 0 && attribution.inferredType(row.name, row.allocPc) != null)
                    || attribution.describeTyped(row.name, row.base, row.address - row.base, 0) != null) {
                continue;
            }
            long offset = row.address - row.base;
            for (long pc : row.sortedPcs()) {
                org.mtrace.dwarf.insn.AccessedType t = attribution.instructionType(row.name, offset, pc);
                if (t != null) {
                    votes.getIfAbsentPut(row.objectId, AccessVotes::new).add(t, pc);
                }
            }
        }
        return votes;
    }

    /** A page-allocator block's purpose from its allocating function ({@link BlockPurpose}), or null. */
    private String blockPurpose(AddressRow row) {
        return row.labelType == LabelMaps.BLOCK && row.allocPc != 0 ? BlockPurpose.of(attribution.func(row.allocPc)) : null;
    }

    private static long total(AddressRow row) {
        long n = 0;
        for (long c : row.perCpu()) {
            n += c;
        }
        return n;
    }

    private static int cpusTouching(AddressRow row) {
        int k = 0;
        for (long c : row.perCpu()) {
            k += c != 0 ? 1 : 0;
        }
        return k;
    }

    private static float share(long part, long whole) {
        return whole == 0 ? 0f : (float) ((double) part / whole);
    }
}
