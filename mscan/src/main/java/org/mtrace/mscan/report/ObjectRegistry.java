package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mtrace.mscan.lines.PairIndex;

/**
 * The labelled objects the report's transfers landed in, numbered from 1 in the order of their
 * first transfer, each with its start, its label kind (the label maps' dense number of a (name,
 * allocation site)) and its {@link Shape}, from the label that named it first. Objects are told
 * apart by (label kind, start): label-map ids are not unique (0 outside the original's numbering).
 */
final class ObjectRegistry {
    private final PairIndex ids = new PairIndex();
    // per object id - 1
    private long[] start = new long[1024];
    private int[] kind = new int[1024];
    private int[] shape = new int[1024];
    private int count;
    // a direct-mapped cache of object ids in front of ids, whose table of millions of objects
    // misses the CPU caches: per slot the start, label kind << 32 | id (0: empty) and the object's
    // shape, side by side (one cache line, where the shape column by id was a miss of its own)
    private static final int CACHE = 1 << 15;
    private static final int STRIDE = 3;
    private final long[] cache = new long[STRIDE * CACHE];
    /** The shape id of the object {@link #register} returned last. */
    private int registeredShape;
    /** Label names by label kind. */
    private final List<String> nameOfKind = new ArrayList<>();
    /**
     * By label kind, the label type and shape id of its last new object: millions of objects have a
     * few thousand shapes, and making a {@link Shape} to look up took a tenth of counting.
     */
    private long[] shapeOfKind = new long[64];
    /** Shapes by id - 1, and back. */
    private final List<Shape> shapes = new ArrayList<>();
    private final Map<Shape, Integer> shapeIds = new HashMap<>();

    /**
     * By label kind, the length of the labels that named its objects when they were numbered, or -1
     * once two differed (a slab page's label is the slab: one length per cache).
     */
    private long[] bytesOfKind = new long[64];

    /** The id of the object {@code (kind, start)}, numbered with these facts of its label if it is new. */
    int register(int kind, long start, String name, int labelType, long allocPc, long bytes) {
        int slot = cacheSlot(kind, start);
        long tag = cache[slot + 1];
        if (tag != 0 && cache[slot] == start && (int) (tag >>> 32) == kind) {
            registeredShape = (int) cache[slot + 2];
            return (int) tag;
        }
        int id = ids.idOf(kind, start) + 1; // one probe, whether an earlier transfer numbered it or not
        if (id <= count) {
            registeredShape = shape[id - 1];
            cache(slot, kind, start, id, registeredShape);
            return id;
        }
        int i = count++;
        if (i == this.start.length) {
            int n = i + (i >> 1);
            this.start = Arrays.copyOf(this.start, n);
            this.kind = Arrays.copyOf(this.kind, n);
            shape = Arrays.copyOf(shape, n);
        }
        this.start[i] = start;
        this.kind[i] = kind;
        while (nameOfKind.size() <= kind) {
            nameOfKind.add(null);
        }
        if (kind >= shapeOfKind.length) {
            shapeOfKind = Arrays.copyOf(shapeOfKind, Math.max(kind + 1, 2 * shapeOfKind.length));
            bytesOfKind = Arrays.copyOf(bytesOfKind, shapeOfKind.length);
        }
        nameOfKind.set(kind, name);
        bytesOfKind[kind] = agreeingLength(bytesOfKind[kind], bytes);
        // a kind is a (name, allocation site): with the label type, its shape
        long knownShape = shapeOfKind[kind];
        if (knownShape != 0 && (int) (knownShape >>> 32) == labelType) {
            shape[i] = (int) knownShape;
        } else {
            shape[i] = shapeOf(Shape.of(name, labelType, allocPc));
            shapeOfKind[kind] = (long) labelType << 32 | shape[i];
        }
        registeredShape = shape[i];
        cache(slot, kind, start, id, registeredShape);
        return id;
    }

    /** The shape id (1 up) of the object the last {@link #register} returned. */
    int registeredShape() {
        return registeredShape;
    }

    private static int cacheSlot(int kind, long start) {
        return STRIDE * (PairIndex.hash(kind, start) & (CACHE - 1));
    }

    private void cache(int slot, int kind, long start, int id, int shapeId) {
        cache[slot] = start;
        cache[slot + 1] = (long) kind << 32 | id;
        cache[slot + 2] = shapeId;
    }

    private int shapeOf(Shape s) {
        Integer id = shapeIds.get(s);
        if (id == null) {
            shapes.add(s);
            id = shapes.size();
            shapeIds.put(s, id);
        }
        return id;
    }

    /** The shape of a key (1 up), or null for 0 (unlabelled). */
    Shape shape(long id) {
        return id == 0 ? null : shapes.get((int) id - 1);
    }

    /** The number of shapes (their ids are 1 to this). */
    int shapes() {
        return shapes.size();
    }

    /** The number of objects (their ids are 1 to this). */
    int objects() {
        return count;
    }

    /** The shape id of object {@code id} (1 up). */
    int shapeOf(int id) {
        return shape[id - 1];
    }

    /** The start of object {@code id} (1 up). */
    long start(int id) {
        return start[id - 1];
    }

    /**
     * Label lengths seen so far ({@code known}: 0 none, a label has at least a byte; -1 two differed)
     * with one more, {@code bytes} (-1: lengths that already differed).
     */
    static long agreeingLength(long known, long bytes) {
        return known == 0 || known == bytes ? bytes : -1;
    }

    /** {@link #bytesOfKind} of object {@code id}'s label kind (1 up). */
    long kindBytes(int id) {
        return bytesOfKind[kind[id - 1]];
    }

    /** The label name of object {@code id} (1 up). */
    String name(int id) {
        return nameOfKind.get(kind[id - 1]);
    }

    long stateBytes() {
        return ids.stateBytes() + 16L * start.length + 8L * cache.length + 64L * shapes.size();
    }
}
