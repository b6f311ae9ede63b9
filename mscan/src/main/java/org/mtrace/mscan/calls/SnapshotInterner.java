package org.mtrace.mscan.calls;

import java.util.HashMap;
import java.util.Map;

/** Keeps one instance per distinct stack so records that share a stack share its memory. */
final class SnapshotInterner {
    private final Map<StackSnapshot, StackSnapshot> pool = new HashMap<>();

    StackSnapshot intern(StackSnapshot s) {
        StackSnapshot existing = pool.putIfAbsent(s, s);
        return existing != null ? existing : s;
    }
}
