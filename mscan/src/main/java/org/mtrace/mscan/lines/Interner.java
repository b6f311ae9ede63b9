package org.mtrace.mscan.lines;

import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;

/** Dense ids for 64-bit values (PCs, line addresses), in order of first appearance, and back. */
public final class Interner {
    private final LongIntHashMap ids = new LongIntHashMap();
    private final LongArrayList values = new LongArrayList();

    public int idOf(long value) {
        int id = ids.getIfAbsent(value, -1);
        if (id < 0) {
            id = values.size();
            ids.put(value, id);
            values.add(value);
        }
        return id;
    }

    public long value(int id) {
        return values.get(id);
    }

    public int size() {
        return values.size();
    }

    public long stateBytes() {
        return 40L * values.size();
    }
}
