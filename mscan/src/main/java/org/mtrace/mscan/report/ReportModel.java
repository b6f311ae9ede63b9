package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;
import org.mtrace.format.EntryType;
import org.mtrace.format.RecordMode;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.kernel.AccessVotes;
import org.mtrace.mscan.kernel.AddressDescription;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.KernelLayout;
import org.mtrace.mscan.kernel.Member;
import org.mtrace.mscan.kernel.VariableType;
import org.mtrace.mscan.kernel.StackFrameVotes;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.lines.Key;
import org.mtrace.mscan.lines.LineCore;

/**
 * Turns the collected line state into a {@link Report}: ranks the shared lines, describes what
 * lives in the top ones, and aggregates the coalescing keys by type and field, function and system
 * call. A first walk over the keys gathers what their accessing instructions propose for untyped
 * heap objects and stack addresses ({@link KeyVotes}), which the descriptions use; one walk then
 * aggregates by type and gathers the top lines' details while {@link CodeProfile} walks the keys by
 * function and system call on the second core; with the struct or function filter another walk
 * gathers the details, once the first ones have found the lines the filters admit.
 */
final class ReportModel {
    /** Code sites and system calls listed per offset of a top line. */
    static final int SITES_PER_OFFSET = 5;
    static final int SYSCALLS_PER_OFFSET = 5;
    /** Types whose pahole-style layout is included. */
    static final int LAYOUTS = 5;
    /** What a movement-mode window leaves out of the verdicts (docs/report.md, "verdict"). */
    static final String MOVEMENT_BYTES =
            "movement mode: stores to a line its CPU held alone are not logged; verdicts see the bytes of transfers only";

    private final ReportCollector collector;
    private final LineCore core;
    private final Attribution attribution;
    private final KernelInfo kernel;
    private final Filters filters;
    private final int lineSize;
    /** Per line id: 0 not yet known, 1 true sharing, 2 false sharing, 3 not shared. */
    private final byte[] verdicts;
    /** Per line id, once its verdict is known: the bytes one CPU stored to and another touched ({@link LineCore#sharedBytes}). */
    private final long[] sharedBytes;
    /** What the keys' accessing instructions propose for untyped heap objects and stack addresses. */
    private final KeyVotes votes;
    /** Per shape id, per offset in the object: its description for grouping. */
    private final LongObjectHashMap<LongObjectHashMap<AddressDescription>> typedMemo = new LongObjectHashMap<>();
    private final LongObjectHashMap<AddressDescription> unlabelledMemo = new LongObjectHashMap<>();
    /** Bounds the memo (millions of unlabelled addresses on large recordings): cleared when full. */
    private static final int UNLABELLED_MEMO = 1 << 18;
    /** {@link #describeInferredObject}'s memo for grouping, by (type, offset); the text keeps the first object's. */
    private final Map<String, LongObjectHashMap<AddressDescription>> placedByType = new HashMap<>();
    /** The slab caches whose objects' places the moved objects reveal (read once, after the pass). */
    private final SlabStrides slabs;
    /** Per shape id: 0 not asked, 1 a slab page's shape, 2 not ({@link #slabPage}). */
    private final byte[] slabShape;
    /** {@code --struct}: the rows it selects. */
    private final StructFilter structs;
    /** Member paths in the original's spelling to their C spelling ({@link CSpelling}), each worked out once. */
    private final Map<String, String> spellings = new HashMap<>();
    /** Per type, per (offset, access size): the field as the access fits it ({@link #fittedField}). */
    private final Map<String, LongObjectHashMap<String>> fitted = new HashMap<>();

    private ReportModel(ReportCollector collector, Attribution attribution, Filters filters) {
        this.collector = collector;
        this.core = collector.core();
        this.attribution = attribution;
        this.kernel = attribution.kernel();
        this.filters = filters;
        this.lineSize = core.lineSize().bytes();
        this.verdicts = new byte[core.lines()];
        this.sharedBytes = new long[core.lines()];
        this.votes = KeyVotes.gather(collector, attribution); // before any description: they use the votes
        this.slabs = attribution.kernel().isImage() ? SlabStrides.of(collector, attribution) : SlabStrides.none();
        this.slabShape = new byte[collector.shapes() + 1];
        this.structs = new StructFilter(filters.struct(), kernel);
    }

    static Report build(ReportCollector collector, TraceState state, Attribution attribution, Filters filters,
            String log, String kernelPath, long entries) {
        return new ReportModel(collector, attribution, filters).build(state, log, kernelPath, entries);
    }

    // ---- per-type, per-function and per-syscall aggregates ----------------------------------------------

    private static final class TypeAgg {
        final String type;
        long transfers;
        long trueTransfers;
        long falseTransfers;
        final LineIdSet lines;
        int lastLine = -1; // as CodeProfile.NameAgg's
        /**
         * The objects a label delimits: each typed key's first object (a key's objects share its line
         * and shape, so in practice they are one object: the same start, the same (label kind, start)
         * identity).
         */
        final IntHashSet objects = new IntHashSet();
        int lastObject = -1;
        /**
         * The objects no label delimits, by start: placed by their accesses' instructions or a slab's
         * stride inside a block label (a page-table page holds 512 {@code pte_t}), or unlabelled (a
         * static or per-CPU variable).
         */
        final LongHashSet starts = new LongHashSet();
        long lastStart = -1;
        final Map<String, long[]> fields = new LinkedHashMap<>(); // transfers, true, false, min offset, end
        final LongLongHashMap byOffset = new LongLongHashMap();
        /**
         * Transfers of objects whose label names something else (a kmalloc or merged slab cache
         * typed from its allocation site or accessing instructions, a module's region): where the
         * type came from, and what an independent count by label name finds under that name.
         */
        final Map<String, long[]> labelledOtherwise = new HashMap<>();
        /**
         * Whether its transfers lie in static labels or unlabelled typed memory, where a TYPED
         * description names a static or per-CPU variable (its {@link #type}), not a struct type.
         */
        boolean variable;

        TypeAgg(String type, int lines) {
            this.type = type;
            this.lines = new LineIdSet(lines);
        }
    }

    private Report build(TraceState state, String log, String kernelPath, long entries) {
        Map<String, TypeAgg> types = new HashMap<>();
        IntHashSet structLines = new IntHashSet();
        long[] typed = new long[1];
        UntypedGroups untyped = new UntypedGroups(collector, attribution);
        // the code profile walks the keys on the second core from here on (its names resolved first, here)
        CodeProfile code = new CodeProfile(core, attribution, filters.function(), this::sourceFile, this::syscallName,
                Runtime.getRuntime().availableProcessors() > 1);
        code.start();
        // without --struct or --function the ranking needs no key: the top lines' details are then
        // gathered in the same walk over the keys (millions of them, in order of first appearance)
        boolean rankFirst = filters.struct() == null && filters.function() == null;
        LineDetails details = rankFirst ? new LineDetails(rank(null, null)) : null;
        LabelledElsewhere elsewhere = new LabelledElsewhere(collector);
        core.forEachKey((line, offset, size, context, shape, firstObject, n) -> {
            if (details != null) {
                details.visit(line, offset, size, context, shape, firstObject, n);
            }
            long addr = core.address(line) + offset;
            long pc = core.pcs().value(Key.pcId(core.context(context)));
            AddressDescription inferred = describeInferredObject(shape, firstObject, addr, pc, true);
            AddressDescription d = inferred != null ? inferred : describeForGrouping(shape, firstObject, addr);
            if (d.form() != AddressDescription.Form.TYPED) {
                untyped.count(shape, d, addr, n);
                elsewhere.count(shape, firstObject, n);
                return;
            }
            typed[0] += n;
            boolean variable = inferred == null && (shape == 0 || isVariable(collector.shape(shape).labelType()));
            if (filters.struct() != null && structs.matches(d.type(), variable)) {
                structLines.add(line);
            }
            TypeAgg t = types.computeIfAbsent(d.type(), k -> new TypeAgg(k, core.lines()));
            // true or false sharing by the key's own bytes (on a shared line), as the offsets' verdicts
            byte v = verdict(line) == 3 ? 3 : bytesShared(line, offset, size) ? (byte) 1 : (byte) 2;
            t.transfers += n;
            t.trueTransfers += v == 1 ? n : 0;
            t.falseTransfers += v == 2 ? n : 0;
            if (line != t.lastLine) {
                t.lines.add(line);
                t.lastLine = line;
            }
            t.variable |= variable;
            if (inferred != null || shape == 0) {
                long start = addr - d.offset();
                if (start != t.lastStart) {
                    t.starts.add(start);
                    t.lastStart = start;
                }
            } else if (firstObject != t.lastObject) {
                t.objects.add(firstObject);
                t.lastObject = firstObject;
            }
            if (shape != 0) {
                String label = collector.shape(shape).what(); // "task stack", not one name per task
                if (!label.equals(d.type())) {
                    t.labelledOtherwise.computeIfAbsent(label, k -> new long[1])[0] += n;
                    elsewhere.count(shape, firstObject, n);
                }
            }
            long[] f = t.fields.computeIfAbsent(fittedField(d, size), k -> new long[] {0, 0, 0, Long.MAX_VALUE, 0});
            f[0] += n;
            f[1] += v == 1 ? n : 0;
            f[2] += v == 2 ? n : 0;
            f[3] = Math.min(f[3], d.offset());
            f[4] = Math.max(f[4], d.offset() + size);
            t.byOffset.addToValue(d.offset(), n);
        });
        code.finish();

        List<Report.Line> lines;
        if (details != null) {
            lines = details.lines();
        } else {
            LineDetails filtered = new LineDetails(rank(filters.struct() == null ? null : structLines,
                    filters.function() == null ? null : code.functionLines()));
            core.forEachKey(filtered::visit);
            lines = filtered.lines();
        }
        List<Integer> cpus = new ArrayList<>();
        for (long m = collector.cpusSeen; m != 0; m &= m - 1) {
            cpus.add(Long.numberOfTrailingZeros(m));
        }
        int buckets = collector.timeline().usedBuckets();
        List<long[]> timeline = new ArrayList<>();
        for (int c : cpus) {
            timeline.add(collector.timeline().of(c, buckets));
        }
        List<long[]> heat = new ArrayList<>();
        for (Report.Line l : lines) {
            long[] row = new long[cpus.size()];
            for (Report.CpuRow c : l.cpus()) {
                row[cpus.indexOf(c.cpu())] = c.transfers();
            }
            heat.add(row);
        }
        long shared = 0;
        for (int i = 0; i < core.lines(); i++) {
            shared += core.shared(i) ? 1 : 0;
        }
        List<String> modes = new ArrayList<>();
        for (RecordMode m : RecordMode.values()) {
            if (m != RecordMode.DISABLE && (collector.modesSeen & (1L << m.code())) != 0) {
                modes.add(m.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        long transfers = collector.transfers();
        long data = untyped.dataTransfers();
        Report.Summary summary = new Report.Summary(entries, collector.accesses, Long.bitCount(collector.cpusSeen),
                modes, collector.firstEntry, collector.lastEntry, core.lines(), shared, transfers,
                transfers - collector.userTransfers(), collector.userTransfers(),
                transfers == 0 ? 0 : (double) typed[0] / transfers, untyped.largest(), data,
                transfers == data ? 1 : (double) typed[0] / (transfers - data), outsideSyscalls(code));
        List<String> missing = missing(state);
        if (filters.struct() != null && structLines.isEmpty()) {
            missing.add(structs.nothingSelected());
        }
        if (filters.function() != null && code.functionLines().isEmpty()) {
            missing.add("--function=" + filters.function() + ": no transfers caused by a function of that name"
                    + (kernel.isImage() ? "" : " (no kernel image: functions need --kernel=ELF)"));
        }
        return new Report(log, kernelPath, lineSize, missing, filters, summary, lines, typeRows(types, elsewhere.byName()),
                functionRows(code.functions()), functionRows(code.symbols()), syscallRows(code.syscalls()),
                collector.timeline().firstEntry(), collector.timeline().bucketEntries(), cpus, timeline, heat);
    }

    /** The rows of the transfers in no system call or interrupt, by user and kernel code (those there are). */
    private static List<Report.SyscallRow> outsideSyscalls(CodeProfile code) {
        List<Report.SyscallRow> out = new ArrayList<>();
        addIfAny(out, Report.Summary.USER_CODE, code.outsideSyscallsUser());
        addIfAny(out, Report.Summary.KERNEL_CODE, code.outsideSyscallsKernel());
        return out;
    }

    private static void addIfAny(List<Report.SyscallRow> rows, String what, CodeProfile.NameAgg a) {
        if (a.transfers > 0) {
            rows.add(new Report.SyscallRow(what, a.transfers, a.lines.size()));
        }
    }

    private List<String> missing(TraceState state) {
        List<String> out = new ArrayList<>();
        if (!kernel.isImage()) {
            out.add("no kernel image (--kernel=ELF): no types, fields, functions, source lines (addresses, labels, PCs only)");
        }
        if (!state.logHas(EntryType.LABEL)) {
            out.add("no label entries in the log: objects are not named");
        }
        if (!state.logHas(EntryType.FCALL)) {
            out.add("no fcall entries in the log: no system calls");
        }
        if (collector.accesses == 0) {
            out.add("no access recorded in the log's window (recording never enabled)");
        }
        if (state.sample() > 1) {
            // the model sees 1 in N accesses: a CPU's access left out does not take the line from the others
            out.add("sampled log (1 in " + state.sample() + " accesses kept): figures of the sample; the model,"
                    + " missing the rest, miscounts transfers");
        }
        if ((collector.modesSeen & (1L << RecordMode.MOVEMENT.code())) != 0 && !state.fullTrace()) {
            // a CPU's stores to a line it holds alone are not in the log: the masks cannot hold their bytes
            out.add(MOVEMENT_BYTES);
        }
        return out;
    }

    /** The C spelling of a member path ({@link CSpelling}): the report's field names. */
    private String spelt(String field) {
        return field == null ? null : spellings.computeIfAbsent(field, CSpelling::of);
    }

    /**
     * The field of a typed description as an access of {@code size} bytes there touches it: its C
     * spelling, narrowed to the union members the access fits ({@link CSpelling#fitting}), worked
     * out once per (type, offset, size).
     */
    private String fittedField(AddressDescription d, int size) {
        String field = d.field();
        if (field == null || field.indexOf('{') < 0 && field.indexOf('<') < 0) {
            return field; // no union, no anonymous member: already C, nothing to narrow (most keys)
        }
        String spelt = spelt(field);
        if (spelt.indexOf('{') < 0) {
            return spelt;
        }
        LongObjectHashMap<String> memo = fitted.computeIfAbsent(d.type(), t -> new LongObjectHashMap<>());
        long key = d.offset() << 8 | Math.min(Math.max(size, 1), 255);
        String f = memo.get(key);
        if (f == null) {
            int bytes = (int) (key & 0xff);
            f = CSpelling.fitting(spelt, bytes == 1 ? spelt : spelt(memberPath(d.type(), d.offset() + bytes - 1)),
                    spelt(memberPath(d.type(), d.offset() + bytes)));
            memo.put(key, f);
        }
        return f;
    }

    /** The member path {@code offset} bytes into {@code type}, a struct type or a variable (null: none). */
    private String memberPath(String type, long offset) {
        String p = kernel.fieldPath(type, offset, 0);
        if (p == null) {
            org.mtrace.dwarf.describe.VariablePath v = kernel.variablePath(type, offset);
            p = v == null || !v.typed() ? null : v.path();
        }
        return p == null ? null : p.startsWith(".") ? p.substring(1) : p;
    }

    /** Whether the bytes {@code [offset, offset + size)} of the line are among its truly shared ones (its verdict known or not). */
    private boolean bytesShared(int line, int offset, int size) {
        verdict(line);
        return (sharedBytes[line] & core.lineSize().byteMask(offset, size)) != 0; // the mask stops at the line's end
    }

    /**
     * The line's verdict, computed once: 1 true sharing, 2 false sharing, 3 not shared; its truly
     * shared bytes are then in {@link #sharedBytes}.
     */
    private byte verdict(int line) {
        byte v = verdicts[line];
        if (v == 0) {
            if (core.shared(line)) {
                sharedBytes[line] = core.sharedBytes(line);
                v = sharedBytes[line] != 0 ? (byte) 1 : (byte) 2;
            } else {
                v = 3;
            }
            verdicts[line] = v;
        }
        return v;
    }

    /**
     * The description of {@code addr} in {@code object} of shape {@code shape} for grouping by type and
     * field, memoised per (shape, offset in the object): the text keeps the first object seen. A stack
     * frame is not a type: stack labels are described by the label alone here ({@link #describe} adds
     * the frame). After {@link #describeInferredObject}, which answers for memory no label types.
     */
    private AddressDescription describeForGrouping(long shape, int object, long addr) {
        if (shape == 0) { // unlabelled: described from the address alone, once per address
            AddressDescription d = unlabelledMemo.get(addr);
            if (d == null) {
                d = describeObject(0, object, addr);
                if (unlabelledMemo.size() >= UNLABELLED_MEMO) {
                    unlabelledMemo.clear();
                }
                unlabelledMemo.put(addr, d);
            }
            return d;
        }
        long offset = addr - collector.objectStart(object);
        LongObjectHashMap<AddressDescription> memo = typedMemo.getIfAbsentPut(shape, LongObjectHashMap::new);
        AddressDescription d = memo.get(offset);
        if (d == null) {
            d = describeObject(shape, object, addr);
            memo.put(offset, d);
        }
        return d;
    }

    /**
     * The description of {@code addr} in {@code object} (0: unlabelled) of shape {@code shape}, as the
     * access at {@code pc} sees it: the frame the accesses of its keys agree on for a kernel stack
     * address ({@link KeyVotes#stack}), else the object no label types there
     * ({@link #describeInferredObject}), else, on a stack, the frame of the access itself
     * ({@link KeyVotes#ownFrame}: frames reuse stack memory, and where the keys' frames differ each
     * access still names its own), else {@link #describeObject}.
     */
    private AddressDescription describe(long shape, int object, long addr, long pc) {
        AddressDescription d = describeFrame(shape, object, addr, votes.stack(shape == 0 ? 0 : object, addr));
        if (d != null) {
            return d;
        }
        AddressDescription inferred = describeInferredObject(shape, object, addr, pc, false);
        if (inferred != null) {
            return inferred;
        }
        d = votes.onStack(shape, addr) ? describeFrame(shape, object, addr, votes.ownFrame(pc)) : null;
        return d != null ? d : describeObject(shape, object, addr);
    }

    /** {@code addr} in the frame {@code frame} agrees on (null: none), with its label's name and offset. */
    private AddressDescription describeFrame(long shape, int object, long addr, StackFrameVotes frame) {
        if (frame == null) {
            return null;
        }
        return shape == 0 ? attribution.describeStack("", 0, addr, frame)
                : attribution.describeStack(collector.objectName(object), collector.objectStart(object),
                        addr - collector.objectStart(object), frame);
    }

    /**
     * For memory no label types (unlabelled, or in a block label: a per-CPU allocation, a slab page
     * outside live objects, a struct on a kernel stack): the object its keys' instructions agree
     * starts there ({@link KeyVotes#objectAt}; on a kernel stack the object the access at {@code pc}
     * reaches, {@link KeyVotes#accessedAt}), else, in a slab page, the object one cache stride after
     * another ({@link SlabStrides}); null when neither, or the type has no member there. For
     * grouping ({@code grouping}) memoised per (type, offset): such an object's keys are many, its
     * fields few, and the text keeps the first object's.
     */
    private AddressDescription describeInferredObject(long shape, int object, long addr, long pc, boolean grouping) {
        // on a stack, frames reuse the memory: what this access reaches, not what the keys agree on
        PlacedObjects.Found found = votes.onStack(shape, addr) ? votes.accessedAt(pc, addr)
                : votes.objectAt(shape == 0 ? 0 : object, addr);
        if (found != null) {
            String where = shape == 0 ? attribution.layout().regionOf(addr).label() : collector.objectName(object);
            AddressDescription d = inferredMemo(grouping, found.votes().agreed().type(), addr - found.start(),
                    () -> attribution.describeByInstruction(where == null ? "unlabelled" : where, found.start(),
                            addr - found.start(), found.votes()));
            if (d != null) {
                return d;
            }
        }
        SlabStrides.Layout slab = slabPage(shape) ? slabs.of(collector.objectName(object)) : null;
        if (slab != null) {
            long base = collector.objectStart(object);
            long start = base + (addr - base) / slab.stride() * slab.stride();
            if (addr - start >= slab.objectBytes()) {
                return null; // the slot's slack past the object
            }
            return inferredMemo(grouping, slab.type(), addr - start, () -> attribution.describeAs(collector.objectName(object),
                    start, addr - start, slab.type(), "object inferred from the cache's stride"));
        }
        return null;
    }

    /** {@link #placedByType} when {@code grouping}: the description of {@code offset} into a {@code type} object, made once by {@code make}. */
    private AddressDescription inferredMemo(boolean grouping, String type, long offset,
            java.util.function.Supplier<AddressDescription> make) {
        if (!grouping) {
            return make.get();
        }
        LongObjectHashMap<AddressDescription> memo = placedByType.computeIfAbsent(type, t -> new LongObjectHashMap<>());
        AddressDescription d = memo.get(offset);
        if (d == null && !memo.containsKey(offset)) {
            d = make.get();
            memo.put(offset, d);
        }
        return d;
    }

    /** Whether keys of {@code shape} may lie in a slab page ({@link SlabStrides#mayBeSlabPage}), asked once per shape. */
    private boolean slabPage(long shape) {
        if (shape == 0) {
            return false;
        }
        byte b = slabShape[(int) shape];
        if (b == 0) {
            b = SlabStrides.mayBeSlabPage(collector.shape(shape)) ? (byte) 1 : (byte) 2;
            slabShape[(int) shape] = b;
        }
        return b == 1;
    }

    /**
     * The description of {@code addr} from its label (type, allocation site, block purpose) or, for
     * an untyped heap object, from the type its shape's accesses agree on ({@link KeyVotes#heap});
     * from the address alone when unlabelled.
     */
    private AddressDescription describeObject(long shape, int object, long addr) {
        Shape o = collector.shape(shape);
        if (o == null) {
            return attribution.describeData("", 0, addr, 0);
        }
        long start = collector.objectStart(object);
        String name = collector.objectName(object);
        AddressDescription d = attribution.describeLabelled(name, start, addr - start, 0,
                o.labelType() == LabelMaps.BLOCK, o.allocPc());
        AccessVotes accessed = d.form() == AddressDescription.Form.NAME || votes.wholeObject(shape) ? votes.heap(shape) : null;
        if (accessed != null) {
            AddressDescription typed = attribution.describeByInstruction(name, start, addr - start, accessed);
            if (typed != null) {
                return typed;
            }
        }
        return d;
    }

    // ---- the ranked lines ----------------------------------------------------------------------------------

    private List<Integer> rank(IntHashSet structLines, IntHashSet functionLines) {
        TopIds top = new TopIds(filters.top(), this::compareLines);
        for (int i = 0; i < core.lines(); i++) {
            if (core.shared(i) && (structLines == null || structLines.contains(i))
                    && (functionLines == null || functionLines.contains(i))) {
                top.offer(i);
            }
        }
        return top.best();
    }

    /** The --sort order of lines, then more transfers first, then lower address: a total order. */
    private int compareLines(int a, int b) {
        int c = switch (filters.sort()) {
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
        final java.util.Set<Described> described = new java.util.HashSet<>();
    }

    /** A shape, and on a stack the accessing PC (0 elsewhere): what a key's description depends on. */
    private record Described(long shape, long pc) {
    }

    /** The per-offset details of the ranked lines, gathered from the keys. */
    private final class LineDetails {
        private final List<Integer> ranked;
        private final IntIntHashMap index = new IntIntHashMap();
        private final List<Map<Long, OffsetAgg>> offsets = new ArrayList<>();
        private final List<Map<String, Report.What>> whats = new ArrayList<>();

        LineDetails(List<Integer> ranked) {
            this.ranked = ranked;
            for (int r = 0; r < ranked.size(); r++) {
                index.put(ranked.get(r), r);
                offsets.add(new TreeMap<>());
                whats.add(new LinkedHashMap<>());
            }
        }

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
            if (o.described.add(new Described(shape, votes.onStack(shape, addr) ? pc : 0))) {
                AddressDescription d = describe(shape, object, addr, pc);
                if (d.form() == AddressDescription.Form.TYPED) {
                    d = new AddressDescription(d.form(), d.type(), fittedField(d, size), d.offset(), d.text());
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

        List<Report.Line> lines() {
            List<Report.Line> out = new ArrayList<>();
            for (int r = 0; r < ranked.size(); r++) {
                int id = ranked.get(r);
                List<Report.What> what = new ArrayList<>(whats.get(r).values());
                what.sort(Comparator.comparingInt(Report.What::offset).thenComparingInt(Report.What::size));
                List<Report.Offset> offs = new ArrayList<>();
                offsets.get(r).forEach((k, o) -> offs.add(offset(k, id, o)));
                List<Report.CpuRow> cpus = new ArrayList<>();
                for (long m = core.readers(id) | core.writers(id); m != 0; m &= m - 1) {
                    int c = Long.numberOfTrailingZeros(m);
                    cpus.add(new Report.CpuRow(c, core.cpuReads(id, c), core.cpuWrites(id, c), core.readMaskOf(id, c),
                            core.writeMaskOf(id, c)));
                }
                out.add(new Report.Line(r + 1, core.address(id), KernelLayout.isUser(core.address(id)), what, core.reads(id),
                        core.writes(id), Long.bitCount(core.readers(id)), Long.bitCount(core.writers(id)),
                        verdict(id) == 1, cpus, offs));
            }
            return out;
        }
    }

    private Report.Offset offset(long key, int line, OffsetAgg o) {
        long lineAddress = core.address(line);
        o.cpus.sort(null);
        List<Report.Site> sites = new ArrayList<>();
        for (long[] pc : top(o.pcs, SITES_PER_OFFSET)) {
            List<String> all = kernel.isImage() ? attribution.describeAll(pc[0]) : List.of();
            List<String> inlined = all.size() > 1 ? all.subList(1, all.size()) : List.of();
            sites.add(new Report.Site(pc[0], kernel.function(pc[0]), sourceLine(pc[0]), inlined, pc[1]));
        }
        o.syscalls.remove(0); // transfers outside any system call
        List<Report.Count> syscalls = new ArrayList<>();
        for (long[] sc : top(o.syscalls, SYSCALLS_PER_OFFSET)) {
            syscalls.add(new Report.Count(syscallName(sc[0]), sc[1]));
        }
        // the field (or stack frame) of the shape with the most transfers here, as its top site sees it
        String field = null;
        long best = top(o.shapes, 1).get(0)[0];
        int offset = (int) (key >>> 16);
        long topPc = top(o.pcs, 1).get(0)[0];
        AddressDescription d = describe(best, (int) o.firstObject.get(best), lineAddress + offset, topPc);
        int size = (int) (key & 0xffff);
        if (d.form() == AddressDescription.Form.TYPED) {
            field = fittedField(d, size);
        } else if (d.form() == AddressDescription.Form.STACK) {
            field = d.frame();
        }
        return new Report.Offset(offset, size, field, o.reads, o.writes, o.cpus, sites, syscalls,
                bytesShared(line, offset, size));
    }

    /** The {@code limit} entries with the most transfers, as {key, transfers}; ties by key. */
    private static List<long[]> top(LongLongHashMap counts, int limit) {
        List<long[]> all = new ArrayList<>(counts.size());
        counts.forEachKeyValue((k, v) -> all.add(new long[] {k, v}));
        all.sort((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compareUnsigned(a[0], b[0]));
        return all.subList(0, Math.min(limit, all.size()));
    }

    // ---- names of code ---------------------------------------------------------------------------------------

    /** {@code file:line} of the innermost frame at {@code pc}, or null without line information. */
    private String sourceLine(long pc) {
        String s = kernel.source(pc);
        String place = s == null ? null : FrameText.place(s);
        return place != null ? place : s;
    }

    private String sourceFile(long pc) {
        String s = kernel.source(pc);
        return s == null ? null : FrameText.file(s);
    }

    /** The system call of an entry function: {@code __x64_sys_openat} → {@code openat}. */
    private String syscallName(long entryPc) {
        String f = attribution.func(entryPc);
        for (String prefix : new String[] {"__x64_sys_", "__ia32_sys_", "__se_sys_", "__do_sys_", "ksys_", "sys_"}) {
            if (f.startsWith(prefix) && f.length() > prefix.length()) {
                return f.substring(prefix.length());
            }
        }
        return f;
    }

    /** Whether labels of the type name a static or per-CPU variable (their name is the symbol's). */
    private static boolean isVariable(int labelType) {
        return labelType == LabelMaps.STATIC || labelType == LabelMaps.PERCPU;
    }

    // ---- rows of the profiles --------------------------------------------------------------------------------

    private List<Report.TypeRow> typeRows(Map<String, TypeAgg> types, Map<String, Report.Elsewhere> elsewhere) {
        List<TypeAgg> sorted = new ArrayList<>(types.values());
        sorted.sort(Comparator.comparingLong((TypeAgg t) -> -t.transfers).thenComparing(t -> t.type));
        List<Report.TypeRow> out = new ArrayList<>();
        for (TypeAgg t : sorted) {
            if (!structs.matches(t.type, t.variable)) {
                continue;
            }
            if (out.size() == filters.top()) {
                break;
            }
            List<Report.FieldRow> fields = new ArrayList<>();
            t.fields.forEach((name, f) -> fields.add(new Report.FieldRow(name, f[3], f[4] - f[3], f[0], f[1], f[2])));
            fields.sort(Comparator.comparingLong((Report.FieldRow f) -> -f.transfers()).thenComparingLong(Report.FieldRow::offset));
            VariableType variable = t.variable ? kernel.variableType(t.type) : null;
            List<Report.LayoutRow> layout = out.size() >= LAYOUTS ? List.of()
                    : variable == null ? layout(t.byOffset, expanded(kernel.members(t.type), "", 0, 0))
                    : layout(folded(t.byOffset, variable.elementSize()), expanded(variable.members(), "", 0, 0));
            long size = variable != null ? variable.size() : kernel.typeSize(t.type).orElse(-1);
            List<Report.Count> labels = new ArrayList<>();
            t.labelledOtherwise.forEach((name, n) -> labels.add(new Report.Count(name, n[0])));
            labels.sort(Comparator.comparingLong((Report.Count c) -> -c.transfers()).thenComparing(Report.Count::name));
            out.add(new Report.TypeRow(t.type, size, t.transfers, t.trueTransfers, t.falseTransfers, t.lines.size(),
                    t.objects.size() + t.starts.size(), labels.subList(0, Math.min(labels.size(), filters.top())),
                    elsewhere.getOrDefault(t.type, Report.Elsewhere.NONE),
                    fields.subList(0, Math.min(fields.size(), filters.top())), layout,
                    variable == null ? null : variable.type(), variable == null ? 0 : variable.elementSize()));
        }
        return out;
    }

    /**
     * Transfers by offset into one element of an array variable ({@code elementSize} 0: not an array,
     * the offsets as they are): every element's transfers at their offset in the element.
     */
    private static LongLongHashMap folded(LongLongHashMap byOffset, long elementSize) {
        if (elementSize <= 0) {
            return byOffset;
        }
        LongLongHashMap out = new LongLongHashMap();
        byOffset.forEachKeyValue((offset, n) -> out.addToValue(offset % elementSize, n));
        return out;
    }

    /** Nesting levels {@link #expanded} opens. */
    private static final int EXPAND_DEPTH = 4;
    /** A member type {@link #expanded} can open: a struct named by its tag (not a pointer, array or anonymous one). */
    private static final java.util.regex.Pattern NAMED_STRUCT = java.util.regex.Pattern.compile("struct ([A-Za-z_][A-Za-z0-9_]*)");

    /**
     * The members of a layout with each named struct member larger than a line replaced by its own
     * members ({@code inet_conn.icsk_inet.sk.sk_rcvbuf}, offsets from the outer struct), to
     * {@value #EXPAND_DEPTH} levels: a 1400-byte {@code inet_conn} of {@code tcp_sock} on one row hid
     * which of its 22 lines' fields moved (pahole's {@code --expand_types}, for the members that
     * span lines). Unions and anonymous structs stay one row.
     */
    private List<Member> expanded(List<Member> members, String prefix, long base, int depth) {
        List<Member> out = new ArrayList<>(members.size());
        for (Member m : members) {
            java.util.regex.Matcher struct = NAMED_STRUCT.matcher(m.type() == null ? "" : m.type());
            List<Member> inner = depth < EXPAND_DEPTH && m.size() > lineSize && !m.isBitField() && struct.matches()
                    ? kernel.members(struct.group(1)) : List.of();
            if (!inner.isEmpty()) {
                out.addAll(expanded(inner, prefix + (m.name().isEmpty() ? "" : m.name() + "."), base + m.offset(),
                        depth + 1));
            } else { // an anonymous member inside an opened one keeps its place in the path
                String name = m.name().isEmpty() && !prefix.isEmpty() ? prefix + "<anon>" : prefix + m.name();
                out.add(new Member(base + m.offset(), m.size(), name, m.type(), m.bit(), m.bitSize()));
            }
        }
        return out;
    }

    /** Every member of the type with the transfers at offsets inside it; line_start at each line boundary. */
    private List<Report.LayoutRow> layout(LongLongHashMap byOffset, List<Member> members) {
        List<Report.LayoutRow> out = new ArrayList<>(members.size());
        long nextLine = 0;
        long countedTo = -1; // bytes of bit-fields up to here are counted on an earlier bit-field
        for (Member m : members) {
            long n = 0;
            long from = m.isBitField() ? Math.max(m.offset(), countedTo) : m.offset();
            for (long off = from; off < m.offset() + Math.max(m.size(), 1); off++) {
                n += byOffset.get(off);
            }
            if (m.isBitField()) {
                countedTo = Math.max(countedTo, m.offset() + m.size());
            }
            boolean start = m.offset() >= nextLine;
            if (start) {
                nextLine = (m.offset() / lineSize + 1) * lineSize;
            }
            out.add(new Report.LayoutRow(m.offset(), m.size(), m.name(), m.type(), n, start, m.bit(), m.bitSize()));
        }
        return out;
    }

    private List<Report.FunctionRow> functionRows(Map<String, CodeProfile.NameAgg> functions) {
        List<Report.FunctionRow> out = new ArrayList<>();
        functions.forEach((f, a) -> out.add(new Report.FunctionRow(f, a.source, a.transfers, a.lines.size())));
        out.sort(Comparator.comparingLong((Report.FunctionRow r) -> -r.transfers()).thenComparing(Report.FunctionRow::function));
        return out.subList(0, Math.min(out.size(), filters.top()));
    }

    private List<Report.SyscallRow> syscallRows(Map<String, CodeProfile.NameAgg> syscalls) {
        List<Report.SyscallRow> out = new ArrayList<>();
        syscalls.forEach((s, a) -> out.add(new Report.SyscallRow(s, a.transfers, a.lines.size())));
        out.sort(Comparator.comparingLong((Report.SyscallRow r) -> -r.transfers()).thenComparing(Report.SyscallRow::syscall));
        return out.subList(0, Math.min(out.size(), filters.top()));
    }
}
