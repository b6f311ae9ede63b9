package org.mtrace.mscan.labels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;

/**
 * Dense numbers for the distinct (name, alloc_pc) pairs of labels, assigned when labels are added,
 * and the one String kept per distinct name: the log decoder makes a fresh String per label entry,
 * and millions of live labels share a few hundred names ({@code dentry}, {@code kmalloc-64}), so
 * labels hold the canonical {@link #name(int)} of their kind instead of their own copy.
 */
final class LabelKinds {
    /** The kinds of one name; {@code name} is the canonical instance every kind of it refers to. */
    private record Named(String name, LongIntHashMap byPc) { }

    private final Map<String, Named> byName = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final LongArrayList allocPcs = new LongArrayList();

    /** Number of (name, allocPc), assigned on first sight. */
    int kindOf(String name, long allocPc) {
        Named named = byName.get(name);
        if (named == null) {
            named = new Named(name, new LongIntHashMap());
            byName.put(name, named);
        }
        int k = named.byPc().getIfAbsent(allocPc, -1);
        if (k < 0) {
            k = names.size();
            names.add(named.name());
            allocPcs.add(allocPc);
            named.byPc().put(allocPc, k);
        }
        return k;
    }

    /** The canonical name of {@code kind}: one instance for all kinds and labels of that name. */
    String name(int kind) {
        return names.get(kind);
    }

    long allocPc(int kind) {
        return allocPcs.get(kind);
    }
}
