package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mtrace.mscan.calls.StackSnapshot;
import org.mtrace.mscan.lines.TransferModel;

/**
 * Numbers the call stacks (MSCAN.md §5.1: the frames the call and return entries of a log recorded
 * with {@code mtrace-record --calls} push and pop inside a system call) that transfers are made
 * under, so that a chunk of pending transfers carries an int, not a stack. Id 0: no stack (no
 * call entries, or no frame). A CPU's stack changes only at call entries, and the call trace hands
 * out one interned snapshot while it stands, so the CPU's last snapshot and id answer nearly every
 * access without a lookup. Used by the pass's thread; read after the pass.
 */
final class CallStackIds {
    private final Map<StackSnapshot, Integer> ids = new HashMap<>();
    private final List<StackSnapshot> byId = new ArrayList<>();
    private final StackSnapshot[] last = new StackSnapshot[TransferModel.MAX_CPUS];
    private final int[] lastId = new int[TransferModel.MAX_CPUS];

    CallStackIds() {
        byId.add(null); // id 0: no stack
    }

    /** The id of {@code cpu}'s current stack {@code s} (null: none, id 0), numbering it if new. */
    int idOf(int cpu, StackSnapshot s) {
        if (s == null) {
            return 0;
        }
        if (s == last[cpu]) {
            return lastId[cpu];
        }
        int id = ids.computeIfAbsent(s, k -> {
            byId.add(k);
            return byId.size() - 1;
        });
        last[cpu] = s;
        lastId[cpu] = id;
        return id;
    }

    /** The stack of an id (null for 0). */
    StackSnapshot stack(int id) {
        return byId.get(id);
    }
}
