package org.mtrace.analyses.syscalls;

import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.util.Unsigned;

/**
 * {@code --syscall-accesses-pc} (MSCAN.md §8.6): per call (same grouping as syscall-accesses,
 * whose stored accesses it reads), how many accesses each instruction made, by PC ascending.
 */
public final class SyscallAccessesPc implements Analysis {
    private final SyscallAccesses accesses;

    SyscallAccessesPc(SyscallAccesses accesses) {
        this.accesses = accesses;
    }

    @Override
    public String name() {
        return "syscall-accesses-pc";
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        out.key("syscall-accesses-pc").beginObject();
        for (long callPc : accesses.callPcs()) {
            long[] pcs = accesses.group(callPc).pcs.toArray();
            Unsigned.sort(pcs);
            out.key(accesses.keyOf(callPc)).beginArray();
            for (int i = 0; i < pcs.length;) {
                int j = i;
                while (j < pcs.length && pcs[j] == pcs[i]) {
                    j++;
                }
                out.beginObject().key("pc").hex(pcs[i]).key("count").value(j - i).endObject();
                i = j;
            }
            out.endArray();
        }
        out.endObject();
    }
}
