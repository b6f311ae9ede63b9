package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;
import org.eclipse.collections.impl.set.mutable.primitive.LongHashSet;
import org.mtrace.mscan.kernel.AddressDescription;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.VariableType;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.lines.Key;
import org.mtrace.mscan.lines.LineCore;

/**
 * The data profile by type (DProf's view): each key's transfers under the type and field its bytes
 * describe, with the true/false split of its bytes; what no type describes goes to
 * {@link UntypedGroups}. Fed one key at a time ({@link #visit}); {@link #rows} ranks the types and
 * lays out the top ones ({@link TypeLayout}).
 */
final class TypeProfile {
    /** Types whose pahole-style layout is included. */
    static final int LAYOUTS = 5;

    private final ReportCollector collector;
    private final LineCore core;
    private final KernelInfo kernel;
    private final KeyDescriber describer;
    private final LineVerdicts verdicts;
    private final Filters filters;
    private final StructFilter structs;
    private final TypeLayout layout;
    private final Map<String, TypeAgg> types = new HashMap<>();
    /**
     * The rows of static and per-CPU variables, by name: apart from the struct types, since a variable
     * may bear a struct's name (the per-CPU {@code kstat}, a {@code struct kernel_stat}, and
     * {@code struct kstat}, which an instruction may place in a heap object).
     */
    private final Map<String, TypeAgg> variables = new HashMap<>();
    /** Per name a description gives as a variable's: whether the image has a variable of that name. */
    private final Map<String, Boolean> variableNames = new HashMap<>();
    private final UntypedGroups untyped;
    private final LabelledElsewhere elsewhere;
    /** {@code --struct}: the lines holding the types it selects. */
    private final IntHashSet structLines = new IntHashSet();
    private long typed;
    /**
     * The last typed key's description (the describer's memoised instance), whether it was a
     * variable's, its row, and with the key's size its field's counts: keys come in order of first
     * appearance, so a run of keys differing only in their context (PC, system call, CPU, kind) has
     * one description: on exim60-6.1 1.49 M of the 4.60 M typed keys repeat the previous one's, and
     * skip three lookups by name (the row, the variable test, the field).
     */
    private AddressDescription lastDescription;
    private boolean lastVariable;
    private TypeAgg lastType;
    private long[] lastFields;
    private int lastSize;

    TypeProfile(ReportCollector collector, Attribution attribution, KeyDescriber describer, LineVerdicts verdicts,
            Filters filters, StructFilter structs) {
        this.collector = collector;
        this.core = collector.core();
        this.kernel = attribution.kernel();
        this.describer = describer;
        this.verdicts = verdicts;
        this.filters = filters;
        this.structs = structs;
        this.layout = new TypeLayout(kernel, core.lineSize().bytes());
        this.untyped = new UntypedGroups(collector, attribution);
        this.elsewhere = new LabelledElsewhere(collector);
    }

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
        /** Whether the row is a static or per-CPU variable's (its {@link #type} names the variable), not a struct type's. */
        final boolean variable;

        TypeAgg(String type, boolean variable, int lines) {
            this.type = type;
            this.variable = variable;
            this.lines = new LineIdSet(lines);
        }
    }

    /** Counts one key ({@link LineCore#forEachKey}). */
    void visit(int line, int offset, int size, int context, long shape, int firstObject, long n) {
        long addr = core.address(line) + offset;
        long pc = core.pcs().value(Key.pcId(core.context(context)));
        AddressDescription inferred = describer.inferredObject(shape, firstObject, addr, pc, true);
        AddressDescription d = inferred != null ? inferred : describer.forGrouping(shape, firstObject, addr);
        if (d.form() != AddressDescription.Form.TYPED) {
            if (structs.matchesUntyped(untyped.count(shape, d, addr, n))) {
                structLines.add(line); // --struct=kmalloc-4096: the lines of a group of the untyped list
            }
            elsewhere.count(shape, firstObject, n);
            return;
        }
        typed += n;
        boolean variable = inferred == null && (shape == 0 || isVariable(collector.shape(shape).labelType()));
        if (filters.struct() != null && structs.matches(d.type(), variable)) {
            structLines.add(line);
        }
        TypeAgg t;
        if (d == lastDescription && variable == lastVariable) {
            t = lastType;
        } else {
            boolean variableRow = variable && variableNames.computeIfAbsent(d.type(), name -> kernel.variableType(name) != null);
            t = (variableRow ? variables : types).computeIfAbsent(d.type(), k -> new TypeAgg(k, variableRow, core.lines()));
            lastDescription = d;
            lastVariable = variable;
            lastType = t;
            lastFields = null;
        }
        // true or false sharing by the key's own bytes (on a shared line), as the offsets' verdicts
        byte v = verdicts.ofBytes(line, offset, size);
        long trueN = v == LineVerdicts.TRUE_SHARING ? n : 0;
        long falseN = v == LineVerdicts.FALSE_SHARING ? n : 0;
        t.transfers += n;
        t.trueTransfers += trueN;
        t.falseTransfers += falseN;
        if (line != t.lastLine) {
            t.lines.add(line);
            t.lastLine = line;
        }
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
        long[] f;
        if (lastFields != null && size == lastSize) {
            f = lastFields;
        } else {
            f = t.fields.computeIfAbsent(describer.fittedField(d, size), k -> new long[] {0, 0, 0, Long.MAX_VALUE, 0});
            lastFields = f;
            lastSize = size;
        }
        f[0] += n;
        f[1] += trueN;
        f[2] += falseN;
        f[3] = Math.min(f[3], d.offset());
        f[4] = Math.max(f[4], d.offset() + size);
        t.byOffset.addToValue(d.offset(), n);
    }

    /** Whether labels of the type name a static or per-CPU variable (their name is the symbol's). */
    private static boolean isVariable(int labelType) {
        return labelType == LabelMaps.STATIC || labelType == LabelMaps.PERCPU;
    }

    /** Transfers whose bytes a type describes. */
    long typed() {
        return typed;
    }

    /** What no type describes, by kind of memory. */
    UntypedGroups untyped() {
        return untyped;
    }

    /** {@code --struct}: the lines where the selected types were moved. */
    IntHashSet structLines() {
        return structLines;
    }

    /** The types ranked by transfers (those {@code --struct} selects), the top {@value #LAYOUTS} laid out. */
    List<Report.TypeRow> rows() {
        Map<String, Report.Elsewhere> elsewhereByName = elsewhere.byName();
        List<TypeAgg> sorted = new ArrayList<>(types.values());
        sorted.addAll(variables.values());
        sorted.sort(Comparator.comparingLong((TypeAgg t) -> -t.transfers).thenComparing(t -> t.type)
                .thenComparing(t -> !t.variable));
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
            List<Report.LayoutRow> rows = out.size() >= LAYOUTS ? List.of()
                    : variable == null ? layout.ofStruct(t.type, t.byOffset) : layout.ofVariable(variable, t.byOffset);
            long size = variable != null ? variable.size() : kernel.typeSize(t.type).orElse(-1);
            List<Report.Count> labels = new ArrayList<>();
            t.labelledOtherwise.forEach((name, n) -> labels.add(new Report.Count(name, n[0])));
            labels.sort(Comparator.comparingLong((Report.Count c) -> -c.transfers()).thenComparing(Report.Count::name));
            out.add(new Report.TypeRow(t.type, size, t.transfers, t.trueTransfers, t.falseTransfers, t.lines.size(),
                    t.objects.size() + t.starts.size(), labels.subList(0, Math.min(labels.size(), filters.top())),
                    elsewhereByName.getOrDefault(t.type, Report.Elsewhere.NONE),
                    fields.subList(0, Math.min(fields.size(), filters.top())), rows,
                    variable == null ? null : variable.type(), variable == null ? 0 : variable.elementSize()));
        }
        return out;
    }
}
