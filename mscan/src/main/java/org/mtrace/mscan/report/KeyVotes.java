package org.mtrace.mscan.report;

import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.dwarf.alloc.SiteType;
import org.mtrace.dwarf.frame.StackSlot;
import org.mtrace.dwarf.insn.AccessedType;
import org.mtrace.dwarf.insn.ObjectAccess;
import org.mtrace.mscan.kernel.AccessVotes;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelLayout;
import org.mtrace.mscan.kernel.RegionLabel;
import org.mtrace.mscan.kernel.StackFrameVotes;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.lines.Key;
import org.mtrace.mscan.lines.LineCore;

/**
 * What the accessing instructions of the report's keys propose for the memory they touch, gathered
 * in one walk over the keys before any description is made, so the report describes what the
 * {@code attribution} and {@code shared-addresses} analyses describe (docs/analyses.md):
 * <ul>
 * <li>an untyped heap object ({@code kmalloc-N} that neither its label nor its allocation site
 * types): the struct type its accesses' instructions propose ({@link Attribution#instructionType}),
 * decided by {@link AccessVotes} <em>per object shape</em>: every key of the shape votes with its
 * PC at its offset in its first object;</li>
 * <li>a kernel stack address (a stack label, or unlabelled in the vmalloc or CPU entry area, as
 * {@code shared-addresses}' stack rows): the frame its {@code disp(%rsp)} accesses propose
 * ({@link Attribution#stackSlot}), decided by {@link StackFrameVotes} <em>per (first object,
 * address)</em>.</li>
 * </ul>
 * Why per shape for heap objects: a key counts the transfers of every object of its shape at one
 * place and keeps only its first object, so which object an access hit is not known after the pass;
 * and a shape is a label name with its allocation site, and the objects one call site allocates are
 * of one type (the premise of typing by allocation site), so their accesses may vote together (a
 * proposal found in one object types its siblings; two types among them leave them all untyped).
 * Per first object would give each key's votes to an object most of them were not about.
 * Why per address and first object for stacks: a frame belongs to an address of one task's stack,
 * not to the shape (all task stacks are one shape, and one depth of two stacks holds different
 * frames); a key fixes the address (its line and offset), and its first object is the stack whose
 * name the report prints there. A freed stack's memory serves the next fork: voting per (shape,
 * address) mixed the tasks that used one address; on a 1.7 M-access recording (createunlink, 6.1),
 * of the 243 frames shared-addresses gives for (address, object) rows the report printed, it lost 10
 * to such conflicts and printed 4 under a task whose own accesses named none, where per (first object,
 * address) all 243 agree. A key whose context (PC, CPU, system call, kind) recurs in the next task
 * still counts with the first object, as its transfers do.
 * <p>The walk takes the keys in the core's hash order ({@link LineCore#forEachKeyInAnyOrder}, about a
 * second on 9.4 M keys where the order of appearance took four): what the votes decide does not depend
 * on the order (two types or two functions among the proposals leave no answer whichever came first);
 * only which proposing PC serves as the field-path hint of a type does, and that order is fixed too.
 */
final class KeyVotes {
    private static final byte UNKNOWN = 0;
    private static final byte HEAP = 1;
    private static final byte STACK = 2;
    private static final byte OTHER = 3;
    /** A heap label its name or allocation site types up to some size: the accesses past it vote. */
    private static final byte PAST = 4;
    /** A block label other than a stack (per-CPU area, slab page, pages): objects by their accesses. */
    private static final byte BLOCK = 5;
    /** Slots of the memo of instruction types per (shape, PC, offset): keys repeat them across CPUs and system calls. */
    private static final int MEMO = 1 << 12;
    private static final AccessedType NO_TYPE = new AccessedType("", 0, "");

    private final ReportCollector collector;
    private final LineCore core;
    private final Attribution attribution;
    /** Per shape id: UNKNOWN until its first key, then HEAP, STACK or OTHER. */
    private final byte[] kindOfShape;
    /** Per heap shape id: the votes, null until a key proposes. */
    private final AccessVotes[] heap;
    /** Per PAST shape id: the offset from which its accesses vote (the size of the type its site shows). */
    private final long[] pastFrom;
    /** Per PAST shape id: the type its site shows. */
    private final String[] siteType;
    /** Per PAST shape id: {@link #wholeObject}, once asked (HEAP yes, OTHER no). */
    private final byte[] whole;
    /** Per first object (0: unlabelled), per address: the votes, only where an access proposed a frame. */
    private final IntObjectHashMap<LongObjectHashMap<StackFrameVotes>> stack = new IntObjectHashMap<>();
    /** Per interned PC: its stack slot, once asked ({@code slotAsked}). */
    private final StackSlot[] slotOfPc;
    private final boolean[] slotAsked;
    /** Objects in memory no label types, where the keys' instructions place them. */
    private final PlacedObjects placements;
    /**
     * Objects inside untyped heap objects (kind HEAP), where the keys' instructions place them: read
     * only where the type the shape's accesses agree on does not reach ({@link #untypedHeapObjectAt}).
     */
    private final PlacedObjects heapPlacements;
    /** Per interned PC: the object its instruction accesses, once asked ({@code objectAsked}). */
    private final ObjectAccess[] objectOfPc;
    private final boolean[] objectAsked;
    private final long[] memoShapeAndPc = new long[MEMO];
    private final long[] memoOffset = new long[MEMO];
    private final AccessedType[] memoType = new AccessedType[MEMO];
    /** Per PC, its own frame slot as votes ({@link #ownFrame}; null: none). */
    private final LongObjectHashMap<StackFrameVotes> ownFrames = new LongObjectHashMap<>();
    /** Per PC, what its instruction reaches ({@link #accessedAt}; {@link #NOWHERE}: nothing). */
    private final LongObjectHashMap<Reach> reaches = new LongObjectHashMap<>();

    private KeyVotes(ReportCollector collector, Attribution attribution) {
        this.collector = collector;
        this.core = collector.core();
        this.attribution = attribution;
        this.kindOfShape = new byte[collector.shapes() + 1];
        this.heap = new AccessVotes[kindOfShape.length];
        this.pastFrom = new long[kindOfShape.length];
        this.siteType = new String[kindOfShape.length];
        this.whole = new byte[kindOfShape.length];
        this.slotOfPc = new StackSlot[core.pcs().size()];
        this.slotAsked = new boolean[slotOfPc.length];
        this.placements = new PlacedObjects(attribution);
        this.heapPlacements = new PlacedObjects(attribution);
        this.objectOfPc = new ObjectAccess[slotOfPc.length];
        this.objectAsked = new boolean[slotOfPc.length];
    }

    /** The votes of every key of the collector's core (after its pass); without a kernel image, none. */
    static KeyVotes gather(ReportCollector collector, Attribution attribution) {
        KeyVotes v = new KeyVotes(collector, attribution);
        if (attribution.kernel().isImage()) {
            CodeWarmer warmer = v.warmer();
            try {
                v.core.forEachKeyInAnyOrder(v::visit);
            } finally {
                warmer.stop();
            }
        }
        return v;
    }

    /**
     * The DWARF questions the walk asks once per PC (the object an instruction accesses, the stack
     * slot it addresses) decode the instruction and the variables in scope there, most of the walk's
     * cost on a real recording: a second thread asks them from the last PC down while the walk takes
     * the keys, so that the walk finds most answers memoised. Only where the kernel description
     * takes queries from two threads and a second core is there (after the pass it is idle).
     */
    private CodeWarmer warmer() {
        boolean concurrent = attribution.kernel().concurrentCodeQueries() && Runtime.getRuntime().availableProcessors() > 1;
        CodeWarmer w = new CodeWarmer();
        if (concurrent) {
            Thread t = new Thread(() -> {
                for (int id = core.pcs().size() - 1; id >= 0 && !w.stopped; id--) {
                    long pc = core.pcs().value(id);
                    attribution.accessedObject(pc);
                    attribution.stackSlot(pc);
                }
            }, "report-key-votes-warmer");
            t.setDaemon(true);
            t.start();
        }
        return w;
    }

    /** Tells the warming thread to stop (its answers are only memos: nothing waits for it). */
    private static final class CodeWarmer {
        volatile boolean stopped;

        void stop() {
            stopped = true;
        }
    }

    private void visit(int line, int offset, int size, int context, long shape, int firstObject, long n) {
        int s = (int) shape;
        byte kind = s == 0 ? STACK : kindOfShape[s];
        if (kind == UNKNOWN) {
            kind = kindOf(s, firstObject);
            kindOfShape[s] = kind;
        }
        if (kind == OTHER) {
            return;
        }
        int pcId = Key.pcId(core.context(context));
        long address = core.address(line) + offset;
        if (kind == BLOCK || s == 0) { // not a stack label's: stack memory is typed access by access (onStack)
            placeObject(placements, s == 0 ? 0 : firstObject, address, pcId);
            if (kind == BLOCK) {
                return;
            }
        }
        if (kind == HEAP) { // in case the object's accesses agree on no type for all of it (an array)
            placeObject(heapPlacements, firstObject, address, pcId);
        }
        if (kind == HEAP || kind == PAST) {
            long inObject = address - collector.objectStart(firstObject);
            if (kind == PAST && inObject < pastFrom[s]) {
                return;
            }
            AccessedType t = instructionType(s, pcId, inObject, kind == PAST);
            if (t != null) {
                if (heap[s] == null) {
                    heap[s] = new AccessVotes();
                }
                heap[s].add(t, core.pcs().value(pcId));
            }
            return;
        }
        // unlabelled: only where the kernel's stacks live, as shared-addresses' stack rows
        StackSlot slot = s == 0 && !attribution.layout().regionOf(address).holdsStacks() ? null : slotOf(pcId);
        if (slot == null) {
            return;
        }
        LongObjectHashMap<StackFrameVotes> byAddress = stack.getIfAbsentPut(s == 0 ? 0 : firstObject,
                LongObjectHashMap::new);
        StackFrameVotes votes = byAddress.get(address);
        if (votes == null) {
            votes = new StackFrameVotes();
            byAddress.put(address, votes);
        }
        votes.add(slot, core.pcs().value(pcId));
    }

    /**
     * HEAP for a heap label that neither its name nor its allocation site types (the analyses'
     * condition, {@code AttributionCoverage}); PAST for one whose allocation site gives a type that
     * its name does not (a named cache the image has no type of, or a merged one: {@code TCP}, typed
     * {@code sock} by {@code sk_prot_alloc}), whose accesses past that type's size vote for the rest;
     * STACK for a stack label ({@link RegionLabel.Kind#STACK}: its shape's name lost the owner, the
     * object's name has it), else OTHER.
     */
    private byte kindOf(int shape, int firstObject) {
        Shape o = collector.shape(shape);
        String name = collector.objectName(firstObject);
        if (o.labelType() == LabelMaps.HEAP && !name.isEmpty()) {
            // at the object's own address: a heap object is never a global of its name (skbuff_fclone_cache on 6.1)
            boolean named = attribution.describeTyped(name, collector.objectStart(firstObject), 0, 0) != null;
            SiteType site = o.allocPc() == 0 ? null
                    : named ? attribution.mergedCacheUser(name, o.allocPc()) : attribution.inferredType(name, o.allocPc());
            if (site == null && !named) {
                return HEAP;
            }
            if (site != null) {
                pastFrom[shape] = site.size();
                siteType[shape] = site.type();
                return PAST;
            }
        }
        if (o.labelType() != LabelMaps.BLOCK) {
            return OTHER;
        }
        return RegionLabel.isStack(name) ? STACK : BLOCK;
    }

    /** A key at {@code address} in {@code object} (0: unlabelled) votes in {@code into} where its instruction places an object. */
    private void placeObject(PlacedObjects into, int object, long address, int pcId) {
        if (!objectAsked[pcId]) {
            objectOfPc[pcId] = insideItsType(attribution.accessedObject(core.pcs().value(pcId)));
            objectAsked[pcId] = true;
        }
        into.vote(object, address, objectOfPc[pcId], core.pcs().value(pcId));
    }

    /** {@link PlacedObjects#objectAt}. */
    PlacedObjects.Found objectAt(int object, long address) {
        return placements.objectAt(object, address);
    }

    /**
     * In an untyped heap object of shape {@code shape}, where the type its accesses agree on does not
     * reach {@code address} (none agreed: their instructions do not point at its start, or name two
     * types; or the agreed one is smaller than the object), the object its keys' instructions place at
     * {@code address}, as in memory no label types ({@link #objectAt}), or null. An array of structs
     * ({@code kmalloc_array}): the accesses to its first element agree on the element's type, those
     * to the others point at their own element (jbd2's revoke hash table, a {@code kmalloc-4096} of
     * {@code list_head}s).
     */
    PlacedObjects.Found untypedHeapObjectAt(long shape, int object, long address) {
        if (shape <= 0 || shape >= kindOfShape.length || kindOfShape[(int) shape] != HEAP) {
            return null;
        }
        AccessVotes v = heap[(int) shape];
        if (v != null && v.agreed() != null && address - collector.objectStart(object) < v.agreed().size()) {
            return null; // inside the type the whole object's accesses agree on
        }
        return heapPlacements.objectAt(object, address);
    }

    /**
     * Whether keys of shape {@code shape} at {@code address} lie on a kernel stack (a stack label, or
     * unlabelled where the kernel's stacks live). Frames reuse stack memory: the struct one frame
     * keeps at an address (a {@code wait_queue_entry} of {@code sk_wait_data}) is not what the next
     * frame's locals there are, so memory on a stack is typed access by access, by what each
     * instruction reaches ({@link #accessedAt}), not by the objects the keys agree on.
     */
    boolean onStack(long shape, long address) {
        return shape == 0 ? attribution.layout().regionOf(address).holdsStacks() : kindOfShape[(int) shape] == STACK;
    }

    /**
     * The object the access at {@code pc} to {@code address} reaches, as its instruction's typed
     * pointer says ({@link Attribution#accessedObject}), or else, for a {@code disp(%rsp)} access,
     * the struct variable of its own frame that holds the slot ({@link StackSlot#object}: the
     * {@code wait_queue_entry} that {@code sk_wait_data} declares); null if neither: how memory on a
     * kernel stack is typed, access by access ({@link #onStack}).
     */
    PlacedObjects.Found accessedAt(long pc, long address) {
        if (KernelLayout.isUser(address)) {
            return null;
        }
        Reach r = reaches.get(pc);
        if (r == null) { // asked once per PC: the description memos ask per key
            r = reachOf(pc);
            reaches.put(pc, r);
        }
        return r == NOWHERE ? null : new PlacedObjects.Found(address - r.offset(), r.votes());
    }

    private Reach reachOf(long pc) {
        ObjectAccess a = attribution.accessedObject(pc);
        if (a == null) {
            StackSlot slot = attribution.stackSlot(pc);
            a = slot == null ? null : slot.object();
        }
        a = insideItsType(a);
        if (a == null) {
            return NOWHERE;
        }
        AccessVotes v = new AccessVotes();
        v.add(a.type(), pc);
        return new Reach(a.offset(), v);
    }

    /** {@code a}, if the access lies inside its type's size; null otherwise (or for null). */
    private static ObjectAccess insideItsType(ObjectAccess a) {
        return a == null || a.type().size() <= a.offset() ? null : a;
    }

    /** What an instruction reaches ({@link #accessedAt}): the offset of its access into the object, and its type as votes. */
    private record Reach(long offset, AccessVotes votes) {
    }

    private static final Reach NOWHERE = new Reach(0, null);

    /** The frame slot the access at {@code pc} names ({@link Attribution#stackSlot}) as its one vote, or null. */
    StackFrameVotes ownFrame(long pc) {
        StackFrameVotes v = ownFrames.get(pc);
        if (v == null && !ownFrames.containsKey(pc)) {
            StackSlot slot = attribution.stackSlot(pc);
            if (slot != null) {
                v = new StackFrameVotes();
                v.add(slot, pc);
            }
            ownFrames.put(pc, v);
        }
        return v;
    }

    private StackSlot slotOf(int pcId) {
        if (!slotAsked[pcId]) {
            slotOfPc[pcId] = attribution.stackSlot(core.pcs().value(pcId));
            slotAsked[pcId] = true;
        }
        return slotOfPc[pcId];
    }

    private AccessedType instructionType(int shape, int pcId, long offset, boolean past) {
        long shapeAndPc = (long) shape << 32 | (pcId & 0xffff_ffffL);
        int slot = (int) ((shapeAndPc * 0x9E3779B97F4A7C15L + offset) * 0xBF58476D1CE4E5B9L >>> 52) & (MEMO - 1);
        AccessedType t = memoType[slot];
        if (t == null || memoShapeAndPc[slot] != shapeAndPc || memoOffset[slot] != offset) {
            long pc = core.pcs().value(pcId);
            t = past ? attribution.instructionTypeCovering(offset, pc)
                    : attribution.instructionType(collector.shape(shape).name(), offset, pc);
            t = t == null ? NO_TYPE : t;
            memoType[slot] = t;
            memoShapeAndPc[slot] = shapeAndPc;
            memoOffset[slot] = offset;
        }
        return t == NO_TYPE ? null : t;
    }

    /** The votes of heap shape {@code shape}'s accesses, or null when none proposed a type. */
    AccessVotes heap(long shape) {
        return shape <= 0 || shape >= heap.length ? null : heap[(int) shape];
    }

    /**
     * Whether the type the accesses of heap shape {@code shape} past its site's type agree on
     * describes the whole object: it begins with the site's type ({@code tcp_sock} with the
     * {@code sock} that {@code sk_prot_alloc} keeps), so the site saw the start of a larger struct.
     */
    boolean wholeObject(long shape) {
        AccessVotes v = heap(shape);
        if (v == null || v.agreed() == null || siteType[(int) shape] == null) {
            return false;
        }
        int s = (int) shape;
        if (whole[s] == UNKNOWN) { // asked per key: the answer is the shape's
            whole[s] = attribution.beginsWith(v.agreed().type(), siteType[s]) ? HEAP : OTHER;
        }
        return whole[s] == HEAP;
    }

    /** The votes of the accesses to {@code address} of keys whose first object is {@code object} (0: unlabelled), or null. */
    StackFrameVotes stack(int object, long address) {
        LongObjectHashMap<StackFrameVotes> byAddress = stack.get(object);
        return byAddress == null ? null : byAddress.get(address);
    }
}
