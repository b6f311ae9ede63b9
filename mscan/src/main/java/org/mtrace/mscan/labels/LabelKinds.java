package org.mtrace.mscan.labels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;

/** Dense numbers for the distinct (name, alloc_pc) pairs of labels, assigned when labels are added. */
final class LabelKinds {
    private final Map<String, LongIntHashMap> byName = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final LongArrayList allocPcs = new LongArrayList();

    /** Number of (name, allocPc), assigned on first sight. */
    int kindOf(String name, long allocPc) {
        LongIntHashMap byPc = byName.computeIfAbsent(name, n -> new LongIntHashMap());
        int k = byPc.getIfAbsent(allocPc, -1);
        if (k < 0) {
            k = names.size();
            names.add(name);
            allocPcs.add(allocPc);
            byPc.put(allocPc, k);
        }
        return k;
    }

    String name(int kind) {
        return names.get(kind);
    }

    long allocPc(int kind) {
        return allocPcs.get(kind);
    }
}
