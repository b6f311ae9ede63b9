package org.mtrace.analyses.sharedaddr;

import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.labels.Labels;

/**
 * The labelled objects the rows of an {@link AddressRowTable} refer to, kept once per object
 * rather than once per (address, object) row: a real recording has a few dozen rows per object
 * (14 M rows, 0.5 M object ids on a 28.5 M-access one). Object 0 is "no object" (id 0, no name,
 * base 0). An id names one label for good, except id 0, which the label maps also give to
 * objects the original never created (per-CPU instances, struct page elements): those are kept
 * per start address, a new entry when the label there differs.
 */
final class ObjectTable {
    static final int NO_OBJECT = 0;
    private static final int ABSENT = -1;
    private long[] id = new long[16];
    private long[] base = new long[16];
    private long[] allocPc = new long[16];
    private byte[] labelType = new byte[16];
    /** Label names are interned by the label maps, so this holds references to shared strings. */
    private String[] name = new String[16];
    private int size;
    private LongIntHashMap byId = new LongIntHashMap();
    private LongIntHashMap idZeroByBase = new LongIntHashMap();

    ObjectTable() {
        append(0, "", 0, 0, 0);
    }

    /** The object of label handle {@code h} ({@link LabelMaps#NO_LABEL}: {@link #NO_OBJECT}). */
    int objectOf(int h, Labels labels) {
        if (h == LabelMaps.NO_LABEL) {
            return NO_OBJECT;
        }
        long labelId = labels.labelId(h);
        String labelName = labels.labelName(h);
        long start = labels.labelStart(h);
        int type = labels.labelType(h);
        long pc = labels.labelAllocPc(h);
        if (labelId != 0) {
            int o = byId.getIfAbsent(labelId, ABSENT);
            if (o == ABSENT) {
                o = append(labelId, labelName, start, type, pc);
                byId.put(labelId, o);
            }
            return o;
        }
        int o = idZeroByBase.getIfAbsent(start, ABSENT);
        if (o == ABSENT || !name[o].equals(labelName) || labelType[o] != type || allocPc[o] != pc) {
            o = append(0, labelName, start, type, pc);
            idZeroByBase.put(start, o);
        }
        return o;
    }

    private int append(long objectId, String objectName, long start, int type, long pc) {
        if (size == id.length) {
            int n = size * 2;
            id = Arrays.copyOf(id, n);
            base = Arrays.copyOf(base, n);
            allocPc = Arrays.copyOf(allocPc, n);
            labelType = Arrays.copyOf(labelType, n);
            name = Arrays.copyOf(name, n);
        }
        id[size] = objectId;
        base[size] = start;
        allocPc[size] = pc;
        labelType[size] = (byte) type;
        name[size] = objectName;
        return size++;
    }

    long id(int o) {
        return id[o];
    }

    long base(int o) {
        return base[o];
    }

    long allocPc(int o) {
        return allocPc[o];
    }

    int labelType(int o) {
        return labelType[o];
    }

    String name(int o) {
        return name[o];
    }

    /** Reads object {@code o}'s fields ({@link AddressRowTable#touch}); returns a value of them. */
    long touch(int o) {
        return id[o] + base[o] + allocPc[o] + labelType[o] + (name[o] == null ? 0 : 1);
    }

    /** Drops the lookup maps (after the pass, when no object is added). */
    void releaseIndex() {
        byId = null;
        idZeroByBase = null;
    }

    long bytes() {
        return (8L * 3 + 1 + 4) * id.length + (byId == null ? 0 : 24L * (byId.size() + idZeroByBase.size()));
    }
}
