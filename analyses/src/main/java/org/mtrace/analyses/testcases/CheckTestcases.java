package org.mtrace.analyses.testcases;

import java.util.ArrayList;
import java.util.List;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.format.AscopeView;
import org.mtrace.format.EntryType;
import org.mtrace.format.HostType;
import org.mtrace.format.HostView;
import org.mtrace.format.RecordMode;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;

/**
 * {@code --check-testcases} (MSCAN.md §8.10): for each commutativity test case (an ascope or
 * kernelscope recording period), the pairs of kernel accesses of different CPUs that overlap with
 * at least one write. In ascope mode only accesses inside {@code syscall:} abstract scopes count.
 *
 * <p>Differences: merged access ranges keep their full size (the original stored sizes in 8 bits,
 * so ranges over 255 bytes wrapped); system-call depths belong to the test case.
 */
public final class CheckTestcases implements Analysis {
    private static final long KERNEL_START = 0x800000000000L;
    private static final String SYSCALL_PREFIX = "syscall:";

    private final AccessJson json;
    private final List<TestCase> testCases = new ArrayList<>();
    private TestCase current;
    private final StringBuilder scopeName = new StringBuilder(64);

    CheckTestcases(AccessJson json) {
        this.json = json;
    }

    @Override
    public String name() {
        return "check-testcases";
    }

    @Override
    public Requirements requirements() {
        return Requirements.recording(RecordMode.ASCOPE, RecordMode.KERNELSCOPE);
    }

    @Override
    public void subscribe(Handlers on) {
        on.host((h, state) -> host(h)).ascope(this::onAscope).access(this::onAccess);
    }

    private void onAccess(AccessView a, TraceState state) {
        if (current != null) {
            access(a, a.cpu(), state);
        }
    }

    private void onAscope(AscopeView s, TraceState state) {
        if (current != null && isSyscallScope(s)) {
            if (s.exit()) {
                current.syscallExit(s.cpu());
            } else {
                current.syscallEnter(s.cpu());
            }
        }
    }

    private void host(HostView h) {
        if (h.hostType() != HostType.ACCESS_ALL_CPU.code()) {
            return;
        }
        long mode = h.mode();
        if (mode == 2 || mode == 3) {
            current = new TestCase(h.accessStr(), mode == 3);
            testCases.add(current);
        } else if (mode == 0 && current != null) {
            current.finalise();
            current = null;
        }
    }

    /** Does the scope's name start with {@code syscall:}? (Without creating a String per entry.) */
    private boolean isSyscallScope(AscopeView s) {
        scopeName.setLength(0);
        s.appendName(scopeName);
        return scopeName.lastIndexOf(SYSCALL_PREFIX, 0) == 0; // startsWith, on the builder
    }

    private void access(AccessView a, int cpu, TraceState state) {
        long addr = a.guestAddr();
        if (Long.compareUnsigned(addr, KERNEL_START) < 0 || a.bytes() == 0 || !current.records(cpu)) {
            return;
        }
        AccessSet set = current.accessSet(cpu);
        if (!set.absorbs(addr, a.bytes(), a.accessType() != AccessType.LD.code())) {
            PhysicalAccess.read(a, cpu, state, true, set); // the record's fields, into the set's columns
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        out.key("testcases").beginArray();
        for (TestCase t : testCases) {
            if (!t.finalised()) {
                t.finalise();
            }
            out.beginObject().key("name").string(t.name).key("shared").beginArray();
            for (TestCase.Conflict c : t.conflicts()) {
                json.write(out, c.first(), c.second());
            }
            out.endArray().endObject();
        }
        out.endArray();
    }
}
