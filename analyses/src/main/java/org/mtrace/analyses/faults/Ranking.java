package org.mtrace.analyses.faults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events grouped by a key (built once, at the end of the pass) and ranked: most events first, equal
 * counts in ascending key order, so the ranking does not depend on hash order.
 */
final class Ranking<K> {
    private final Map<K, KindCounts> groups = new HashMap<>();
    private final Comparator<K> keyOrder;

    Ranking(Comparator<K> keyOrder) {
        this.keyOrder = keyOrder;
    }

    void add(K key, int kindCode) {
        groups.computeIfAbsent(key, k -> new KindCounts()).add(kindCode);
    }

    int size() {
        return groups.size();
    }

    /** The first {@code limit} groups in rank order. */
    List<Map.Entry<K, KindCounts>> top(int limit) {
        List<Map.Entry<K, KindCounts>> all = new ArrayList<>(groups.entrySet());
        all.sort(Comparator.<Map.Entry<K, KindCounts>>comparingLong(e -> -e.getValue().total())
                .thenComparing(Map.Entry::getKey, keyOrder));
        return all.subList(0, Math.min(limit, all.size()));
    }
}
