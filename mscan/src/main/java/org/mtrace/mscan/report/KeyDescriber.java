package org.mtrace.mscan.report;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.dwarf.describe.VariablePath;
import org.mtrace.mscan.kernel.AccessVotes;
import org.mtrace.mscan.kernel.AddressDescription;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.StackFrameVotes;
import org.mtrace.mscan.labels.LabelMaps;

/**
 * What lives at a key's bytes: a struct type and field, a variable, a stack frame, a label, or an
 * address alone. Descriptions for grouping by type are memoised (keys are millions, the places
 * they describe far fewer); the text's descriptions see the accessing instruction too. Uses what
 * the keys' accessing instructions propose for untyped heap objects and stack addresses
 * ({@link KeyVotes}) and the slab caches' strides ({@link SlabStrides}), both gathered once after
 * the pass.
 */
final class KeyDescriber {
    /** Bounds the memo (millions of unlabelled addresses on large recordings): cleared when full. */
    private static final int UNLABELLED_MEMO = 1 << 18;

    private final ReportCollector collector;
    private final Attribution attribution;
    private final KernelInfo kernel;
    private final KeyVotes votes;
    /** The slab caches whose objects' places the moved objects reveal. */
    private final SlabStrides slabs;
    /** The kernel's boot-time hash tables' buckets. */
    private final HashBuckets buckets;
    /** Per shape id: 0 not asked, 1 a slab page's shape, 2 not ({@link #slabPage}). */
    private final byte[] slabShape;
    /** Per shape id, per offset in the object: its description for grouping. */
    private final LongObjectHashMap<LongObjectHashMap<AddressDescription>> typedMemo = new LongObjectHashMap<>();
    private final LongObjectHashMap<AddressDescription> unlabelledMemo = new LongObjectHashMap<>();
    /** {@link #inferredObject}'s memo for grouping, by (type, offset); the text keeps the first object's. */
    private final Map<String, LongObjectHashMap<AddressDescription>> placedByType = new HashMap<>();
    /** Member paths in the original's spelling to their C spelling ({@link CSpelling}), each worked out once. */
    private final Map<String, String> spellings = new HashMap<>();
    /** Per type, per (offset, access size): the field as the access fits it ({@link #fittedField}). */
    private final Map<String, LongObjectHashMap<String>> fitted = new HashMap<>();

    KeyDescriber(ReportCollector collector, Attribution attribution) {
        this.collector = collector;
        this.attribution = attribution;
        this.kernel = attribution.kernel();
        this.votes = KeyVotes.gather(collector, attribution); // before any description: they use the votes
        this.slabs = kernel.isImage() ? SlabStrides.of(collector, attribution) : SlabStrides.none();
        this.slabShape = new byte[collector.shapes() + 1];
        this.buckets = new HashBuckets(kernel);
    }

    /** Whether {@code addr} in an object of {@code shape} lies on a kernel stack ({@link KeyVotes#onStack}). */
    boolean onStack(long shape, long addr) {
        return votes.onStack(shape, addr);
    }

    /**
     * The description of {@code addr} in {@code object} of shape {@code shape} for grouping by type and
     * field, memoised per (shape, offset in the object): the text keeps the first object seen. A stack
     * frame is not a type: stack labels are described by the label alone here ({@link #describe} adds
     * the frame). After {@link #inferredObject}, which answers for memory no label types.
     */
    AddressDescription forGrouping(long shape, int object, long addr) {
        if (shape == 0) { // unlabelled: described from the address alone, once per address
            AddressDescription d = unlabelledMemo.get(addr);
            if (d == null) {
                d = fromLabel(0, object, addr);
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
            d = fromLabel(shape, object, addr);
            memo.put(offset, d);
        }
        return d;
    }

    /**
     * The description of {@code addr} in {@code object} (0: unlabelled) of shape {@code shape}, as the
     * access at {@code pc} sees it: the frame the accesses of its keys agree on for a kernel stack
     * address ({@link KeyVotes#stack}), else the object no label types there
     * ({@link #inferredObject}), else, on a stack, the frame of the access itself
     * ({@link KeyVotes#ownFrame}: frames reuse stack memory, and where the keys' frames differ each
     * access still names its own), else {@link #fromLabel}.
     */
    AddressDescription describe(long shape, int object, long addr, long pc) {
        AddressDescription d = inFrame(shape, object, addr, votes.stack(shape == 0 ? 0 : object, addr));
        if (d != null) {
            return d;
        }
        AddressDescription inferred = inferredObject(shape, object, addr, pc, false);
        if (inferred != null) {
            return inferred;
        }
        d = votes.onStack(shape, addr) ? inFrame(shape, object, addr, votes.ownFrame(pc)) : null;
        return d != null ? d : fromLabel(shape, object, addr);
    }

    /** {@code addr} in the frame {@code frame} agrees on (null: none), with its label's name and offset. */
    private AddressDescription inFrame(long shape, int object, long addr, StackFrameVotes frame) {
        if (frame == null) {
            return null;
        }
        return shape == 0 ? attribution.describeStack("", 0, addr, frame)
                : attribution.describeStack(collector.objectName(object), collector.objectStart(object),
                        addr - collector.objectStart(object), frame);
    }

    /**
     * For memory no label types (unlabelled, or in a block label: a per-CPU allocation, a slab page
     * outside live objects, a struct on a kernel stack; or a heap object no type describes whole, such
     * as an array of structs): the object its keys' instructions agree starts there
     * ({@link KeyVotes#objectAt}, {@link KeyVotes#untypedHeapObjectAt}; on a kernel stack the object the
     * access at {@code pc} reaches, {@link KeyVotes#accessedAt}), else, in a slab page, the object one cache stride after
     * another ({@link SlabStrides}); null when neither, or the type has no member there. For
     * grouping ({@code grouping}) memoised per (type, offset): such an object's keys are many, its
     * fields few, and the text keeps the first object's.
     */
    AddressDescription inferredObject(long shape, int object, long addr, long pc, boolean grouping) {
        // a boot-time hash table: an array of buckets of the type the global keeping it points to
        HashBuckets.Layout table = shape == 0 ? null : buckets.of(collector.shape(shape), collector.objectName(object));
        if (table != null) {
            long base = collector.objectStart(object);
            long start = base + (addr - base) / table.size() * table.size();
            return inferredMemo(grouping, table.type(), addr - start, () -> attribution.describeAs(collector.objectName(object),
                    start, addr - start, table.type(), "bucket type from the variable keeping the table"));
        }
        // on a stack, frames reuse the memory: what this access reaches, not what the keys agree on
        PlacedObjects.Found placed = votes.onStack(shape, addr) ? votes.accessedAt(pc, addr)
                : votes.objectAt(shape == 0 ? 0 : object, addr);
        // a heap object no type describes whole: what its accesses place inside it
        PlacedObjects.Found found = placed != null ? placed : votes.untypedHeapObjectAt(shape, object, addr);
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
    private AddressDescription inferredMemo(boolean grouping, String type, long offset, Supplier<AddressDescription> make) {
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
    private AddressDescription fromLabel(long shape, int object, long addr) {
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

    /**
     * The field of a typed description as an access of {@code size} bytes there touches it: its C
     * spelling, narrowed to the union members the access fits ({@link CSpelling#fitting}), worked
     * out once per (type, offset, size).
     */
    String fittedField(AddressDescription d, int size) {
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

    /** The C spelling of a member path ({@link CSpelling}): the report's field names. */
    private String spelt(String field) {
        return field == null ? null : spellings.computeIfAbsent(field, CSpelling::of);
    }

    /** The member path {@code offset} bytes into {@code type}, a struct type or a variable (null: none). */
    private String memberPath(String type, long offset) {
        String p = kernel.fieldPath(type, offset, 0);
        if (p == null) {
            VariablePath v = kernel.variablePath(type, offset);
            p = v == null || !v.typed() ? null : v.path();
        }
        return p == null ? null : p.startsWith(".") ? p.substring(1) : p;
    }
}
