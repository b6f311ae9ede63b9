package org.mtrace.mscan.labels;

import org.mtrace.mscan.lines.LineSize;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.mscan.engine.Diagnostics;
import org.mtrace.mscan.engine.TraceFault;
import org.mtrace.mscan.kernel.PerCpuRange;
import org.mtrace.mscan.kernel.StaticSymbol;

/**
 * The label maps of MSCAN.md §4: "types" (heap, static, percpu) and "blocks", the global id
 * counter, static labels from the kernel image and per-CPU templates instantiated by segments.
 *
 * <p>Labels are not objects: each map stores its labels column-wise ({@link LabelMap}), and a
 * query answers with a handle ({@link #labelAt}) whose fields the {@code label...} accessors read.
 * A handle is valid until the next addition or removal ({@link #generation()} changes); what an
 * analysis keeps beyond that it copies out (the kind and start, say), or it keeps a
 * {@link LabelObject} made by {@link #object}.
 */
public final class LabelMaps implements Labels {
    public static final int HEAP = 1;
    public static final int BLOCK = 2;
    public static final int STATIC = 3;
    public static final int PERCPU = 4;
    /** Never in a log: an element of a {@link #addTypedArray typed array} (struct page). */
    public static final int TYPED_ARRAY = 5;

    private static final int UNKNOWN_REMOVALS_FATAL = 5;
    private static final int SUSPICIOUS_MISSES = 200;

    private static final int SNAPSHOT_BITS = 12;

    private final LabelMap types = new LabelMap(0);
    private final LabelMap blocks = new LabelMap(1);
    /** Typed-array elements (never removed); handles by tag, so a map is {@code stores[h >>> NODE_BITS]}. */
    private final LabelMap typedElements = new LabelMap(2);
    private final LabelMap[] stores = {types, blocks, typedElements};
    /** Objects made by {@link #object}, direct-mapped by handle: hot labels get theirs without allocating. */
    private final LabelObject[] snapshots = new LabelObject[1 << SNAPSHOT_BITS];
    private final List<StaticSymbol> perCpuTemplates = new ArrayList<>();
    private TypedArray[] typedArrays = new TypedArray[0];
    private final Diagnostics diagnostics;
    private final LabelKinds kinds = new LabelKinds();
    private final ObjectList kindScratch = new ObjectList();
    private final long[] missesPerType = new long[8];
    /** The run of the last {@link #labelAt} that found a label. */
    private long runFirst;
    private long runLast;
    /** Id of the latest object: the original pre-increments a counter starting at 0, so ids start at 1. */
    private long lastId;
    /** Whether the original saw per-CPU templates (else it never created per-CPU instances). */
    private boolean originalHasTemplates = true;
    private boolean misfitWarned;
    private long generation;
    private int unknownRemovals;

    public LabelMaps(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * §4.3 step 5: symbols inside {@code perCpu} become per-CPU templates, all others static
     * labels in the types map (overlap warnings as for any label).
     */
    public void loadStatics(List<StaticSymbol> symbols, PerCpuRange perCpu) {
        loadStatics(symbols, perCpu, perCpu);
    }

    /**
     * Like {@link #loadStatics(List, PerCpuRange)}, where the original saw the per-CPU range
     * {@code original} instead (it only recognised OBJECT range symbols, so on real kernels its
     * range was empty). Object ids follow the original's counter: a symbol the original added as a
     * plain static at its link address consumes an id here too, although it is a template here;
     * per-CPU instances the original never created get id 0 (its key for an address without
     * object). So shared-addresses keys and hashes, and with them its row order, stay the
     * original's for every other object.
     */
    public void loadStatics(List<StaticSymbol> symbols, PerCpuRange perCpu, PerCpuRange original) {
        originalHasTemplates = !original.isEmpty();
        LongObjectHashMap<String> originalOnly = new LongObjectHashMap<>(); // statics only the original had
        for (StaticSymbol s : symbols) {
            long addr = s.address();
            if (perCpu.contains(addr)) {
                perCpuTemplates.add(s);
                if (!original.contains(addr)) { // the original: a static at the link address
                    int existing = types.atStart(addr);
                    String other = existing != NO_LABEL ? labelName(existing) : originalOnly.get(addr);
                    if (other != null) {
                        diagnostics.warn("add_label: overlapping labels: l1 " + s.name() + " l2 " + other);
                    } else {
                        originalOnly.put(addr, s.name());
                        lastId++;
                    }
                }
            } else if (originalOnly.containsKey(addr)) { // the original did not add it: same start
                diagnostics.warn("add_label: overlapping labels: l1 " + s.name() + " l2 " + originalOnly.get(addr));
            } else {
                add(STATIC, s.name(), addr, s.size(), 0);
            }
        }
    }

    /** §4.4: instantiates every per-CPU template at {@code base}; checks against {@code end}. */
    public void instantiatePerCpu(long base, long end) {
        for (StaticSymbol t : perCpuTemplates) {
            long start = base + t.address();
            if (Long.compareUnsigned(start + t.size(), end) > 0) {
                if (originalHasTemplates) {
                    throw new TraceFault("DefaultSegmentHandler::handle: bad label " + t.name());
                }
                // templates the original never had (NOTYPE range symbols) must not end a pass it
                // completed: the variable is left unlabelled in this segment
                if (!misfitWarned) {
                    misfitWarned = true;
                    diagnostics.warn("per-CPU variable " + t.name() + " does not fit the segment ["
                            + Long.toHexString(base) + ", " + Long.toHexString(end) + "): left unlabelled"
                            + " (further misfits are not reported)");
                }
                continue;
            }
            add(PERCPU, t.name(), start, t.size(), 0, originalHasTemplates);
        }
    }

    /**
     * §4.2 Add; returns the new label's handle, or {@link #NO_LABEL} if one with the same start
     * already exists.
     */
    public int add(int labelType, String name, long start, long bytes, long allocPc) {
        return add(labelType, name, start, bytes, allocPc, true);
    }

    /** {@code inOriginal}: the original created this object too (else its id is 0, see loadStatics). */
    private int add(int labelType, String name, long start, long bytes, long allocPc, boolean inOriginal) {
        LabelMap map = mapFor(labelType);
        int existing = map.atStart(start);
        if (existing != NO_LABEL) {
            diagnostics.warn("add_label: overlapping labels: l1 " + name + " l2 " + labelName(existing));
            return NO_LABEL;
        }
        // the label keeps its kind, whose name is one String for all labels of that name: the
        // decoder's fresh copy becomes garbage at once
        int kind = kinds.kindOf(name, allocPc);
        int h = map.insert(inOriginal ? ++lastId : 0, labelType, kind, start, bytes);
        for (TypedArray a : typedArrays) {
            a.shadowIfOverlapping(start, bytes);
        }
        generation++;
        return h;
    }

    /** §4.2 Remove, with the unknown-removal and miss accounting that depends on recording. */
    public void remove(int labelType, long start, boolean recordingEnabled) {
        LabelMap map = mapFor(labelType);
        int h = map.atStart(start);
        if (h != NO_LABEL) {
            map.erase(h);
            generation++;
            return;
        }
        if (recordingEnabled) {
            diagnostics.warn("ERROR: unknown label removed at guest addr " + Long.toHexString(start));
            if (++unknownRemovals == UNKNOWN_REMOVALS_FATAL) {
                throw new TraceFault("Too many unknown labels removed");
            }
        } else if (++missesPerType[labelType & 7] == SUSPICIOUS_MISSES) {
            diagnostics.warn("suspicious number of misses: type " + labelType);
        }
    }

    /**
     * {@code object(addr)}: the types map first, then blocks; one candidate per map. An address
     * neither covers is, if it lies in a {@link #addTypedArray typed array}, the array element
     * holding it (the original had no object there). The label's handle, or {@link #NO_LABEL};
     * allocates nothing. When it finds a label, also the run of addresses around {@code addr}
     * for which it gives that label too until the maps change ({@link #runFirst},
     * {@link #runLast}): a caller may answer for those addresses without asking. Not the label's
     * bytes: another label may be the answer for some of them (one of the types map inside a
     * block, or one whose last byte falls inside the label, which becomes the candidate there).
     */
    @Override
    public int labelAt(long addr) {
        // most lookups of an array's addresses (struct page) would miss both maps first: an array
        // no label ever overlapped answers alone, as the maps would have found nothing, for all
        // the element's bytes
        for (TypedArray a : typedArrays) {
            if (a.unshadowedHolds(addr)) {
                int h = a.labelAt(addr);
                runFirst = labelStart(h);
                runLast = runFirst + labelBytes(h) - 1;
                return h;
            }
        }
        int h = types.containing(addr);
        long first = types.runFirst;
        long last = types.runLast;
        if (h == NO_LABEL) { // blocks answer where the types map has none
            h = blocks.containing(addr);
            first = maxUnsigned(first, blocks.runFirst);
            last = minUnsigned(last, blocks.runLast);
            for (int i = 0; h == NO_LABEL && i < typedArrays.length; i++) {
                h = typedArrays[i].labelAt(addr);
                if (h != NO_LABEL) {
                    first = maxUnsigned(first, labelStart(h));
                    last = minUnsigned(last, labelStart(h) + labelBytes(h) - 1);
                }
            }
        }
        runFirst = first;
        runLast = last;
        return h;
    }

    @Override
    public long runFirst() {
        return runFirst;
    }

    @Override
    public long runLast() {
        return runLast;
    }

    private static long maxUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static long minUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    /**
     * {@link #labelAt} as an object, or null. Allocation-free for labels asked for recently
     * ({@link #object}); per-access code that keeps nothing uses {@link #labelAt} and the accessors.
     */
    public LabelObject objectAt(long addr) {
        int h = labelAt(addr);
        return h == NO_LABEL ? null : object(h);
    }

    /**
     * The label of handle {@code h} as an immutable object, for code that keeps it past the next
     * change of the maps. Equal labels give equal objects; the last one made for each of 4,096
     * handle slots is reused while it still describes the label there, so repeated calls for the
     * same label allocate nothing.
     */
    @Override
    public LabelObject object(int h) {
        int s = (h * 0x9E3779B9) >>> (32 - SNAPSHOT_BITS);
        LabelObject o = snapshots[s];
        LabelMap m = stores[h >>> LabelMap.NODE_BITS];
        long start = m.start(h);
        int kind = m.kind(h);
        if (o == null || o.start() != start || o.kind() != kind || o.lastByte() != m.lastByte(h)
                || o.id() != m.id(h) || o.labelType() != m.labelType(h)) {
            o = new LabelObject(m.id(h), m.labelType(h), kinds.name(kind), start, m.lastByte(h) - start + 1,
                    kinds.allocPc(kind), kind);
            snapshots[s] = o;
        }
        return o;
    }

    /** The original's object id of label {@code h} (see {@link LabelObject#id()}). */
    @Override
    public long labelId(int h) {
        return stores[h >>> LabelMap.NODE_BITS].id(h);
    }

    /** Label type of {@code h}: {@link #HEAP}, {@link #BLOCK}, {@link #STATIC}, {@link #PERCPU}, {@link #TYPED_ARRAY}. */
    @Override
    public int labelType(int h) {
        return stores[h >>> LabelMap.NODE_BITS].labelType(h);
    }

    /** The kind of {@code h}: its (name, alloc PC) number (see {@link LabelObject#kind()}). */
    @Override
    public int labelKind(int h) {
        return stores[h >>> LabelMap.NODE_BITS].kind(h);
    }

    @Override
    public String labelName(int h) {
        return kinds.name(labelKind(h));
    }

    @Override
    public long labelAllocPc(int h) {
        return kinds.allocPc(labelKind(h));
    }

    @Override
    public long labelStart(int h) {
        return stores[h >>> LabelMap.NODE_BITS].start(h);
    }

    /** Size in bytes of label {@code h}. */
    @Override
    public long labelBytes(int h) {
        LabelMap m = stores[h >>> LabelMap.NODE_BITS];
        return m.lastByte(h) - m.start(h) + 1;
    }

    /**
     * Declares [{@code base}, {@code base + bytes}) an array of {@code typeName} elements of
     * {@code elementSize} bytes (the vmemmap's struct pages): {@link #objectAt} then gives each
     * element as an object of that name (type {@link #TYPED_ARRAY}, id 0), so analyses describe it
     * {@code (*(page)0xADDR).field} like a heap object. Line queries ({@link #objectsOnLine}) do
     * not include elements: they are the original's types map only.
     */
    public void addTypedArray(String typeName, long base, long bytes, long elementSize) {
        TypedArray a = new TypedArray(base, bytes, elementSize, kinds.kindOf(typeName, 0), typedElements);
        if (types.size() + blocks.size() > 0) {
            a.shadow(); // labels made before it were not checked: the maps are always asked first
        }
        typedArrays = java.util.Arrays.copyOf(typedArrays, typedArrays.length + 1);
        typedArrays[typedArrays.length - 1] = a;
    }

    /**
     * {@code objects_on_line(addr)} (types map only): clears {@code out} and fills it with the
     * labels overlapping the 64-byte line of {@code addr}, in last-byte order.
     */
    public void objectsOnLine(long addr, ObjectList out) {
        out.clear();
        out.owner(this);
        types.collectLine(LineSize.DEFAULT.lineOf(addr), out);
    }

    /**
     * The {@link LabelObject#kind() kinds} of {@link #objectsOnLine}'s objects, same order;
     * cheaper when only (name, alloc_pc) matter (no object is touched on a cache hit).
     */
    public void kindsOnLine(long addr, KindList out) {
        kindsOnDefaultLine(addr, out);
    }

    private boolean kindsOnDefaultLine(long addr, KindList out) {
        out.clear();
        kindScratch.owner(this);
        return types.collectLineKinds(LineSize.DEFAULT.lineOf(addr), out, kindScratch);
    }

    /**
     * {@link #kindsOnLine(long, KindList)} for lines of {@code lineSize} ({@code --line-size});
     * lines other than 64 bytes are walked without the line cache.
     */
    @Override
    public boolean kindsOnLine(long addr, LineSize lineSize, KindList out) {
        if (lineSize.bytes() == LineSize.DEFAULT_BYTES) {
            return kindsOnDefaultLine(addr, out);
        }
        out.clear();
        kindScratch.clear();
        types.collectLine(lineSize.lineOf(addr), lineSize.bytes(), kindScratch);
        for (int i = 0; i < kindScratch.size(); i++) {
            out.add(types.kind(kindScratch.label(i)));
        }
        return false; // lines of other sizes are walked without the line cache: no stamp
    }

    @Override
    public boolean mayHoldTwoObjects(long addr, LineSize lineSize) {
        return types.mayHoldTwo(lineSize.lineOf(addr), lineSize.bytes());
    }

    @Override
    public long lineStamp(long addr) {
        return types.lineStamp(LineSize.DEFAULT.lineOf(addr));
    }

    /**
     * Changes whenever an object is added or removed: results of {@link #objectAt} and
     * {@link #objectsOnLine} may be cached by analyses as long as the generation is unchanged.
     */
    public long generation() {
        return generation;
    }

    /** Name of a {@link LabelObject#kind()}. */
    public String kindName(int kind) {
        return kinds.name(kind);
    }

    /** Alloc PC of a {@link LabelObject#kind()}. */
    public long kindAllocPc(int kind) {
        return kinds.allocPc(kind);
    }

    /** Number of live objects (types + blocks). */
    public int size() {
        return types.size() + blocks.size();
    }

    /** Per-CPU templates found in the kernel image. */
    public List<StaticSymbol> perCpuTemplates() {
        return List.copyOf(perCpuTemplates);
    }

    private LabelMap mapFor(int labelType) {
        return labelType == BLOCK ? blocks : types;
    }
}
