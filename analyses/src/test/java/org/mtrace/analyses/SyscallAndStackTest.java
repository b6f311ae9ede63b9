package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mtrace.mscan.engine.Scan;

/** syscall-accesses(-pc) and stack-trace-pc on {@link Scenarios#basic}, by hand from §8.4-8.6. */
class SyscallAndStackTest extends BasicScenarioTest {
    // accesses while recording, grouped by call_pc of their CPU: CPU 1's store after the pause
    // has call pc 0 (function "0x0", sorted first); the store after the disable is not kept
    static final String SYSCALL_ACCESSES = """
            "syscall-accesses": {
              "0x0": [
                {
                  "pc": "0xffffffff81000408",
                  "guest_addr": "0xffff880000002000",
                  "traffic": 1,
                  "lock": 0,
                  "access_type": "st"
                } ],
              "sys_open": [
                {
                  "pc": "0xffffffff81000400",
                  "guest_addr": "0xffff880000001008",
                  "traffic": 1,
                  "lock": 0,
                  "access_type": "st"
                },
                {
                  "pc": "0xffffffff81000404",
                  "guest_addr": "0xffff880000001040",
                  "traffic": 1,
                  "lock": 0,
                  "access_type": "ld"
                },
                {
                  "pc": "0xffffffff81000404",
                  "guest_addr": "0xffff880000001008",
                  "traffic": 0,
                  "lock": 0,
                  "access_type": "ld"
                },
                {
                  "pc": "0xffffffff81000400",
                  "guest_addr": "0xffff880000001028",
                  "traffic": 1,
                  "lock": 0,
                  "access_type": "st"
                } ]
            }""";

    static final String SYSCALL_ACCESSES_PC = """
            "syscall-accesses-pc": {
              "0x0": [
                {
                  "pc": "0xffffffff81000408",
                  "count": 1
                } ],
              "sys_open": [
                {
                  "pc": "0xffffffff81000400",
                  "count": 2
                },
                {
                  "pc": "0xffffffff81000404",
                  "count": 2
                } ]
            }""";

    // PC_A runs twice: on CPU 0 inside one call frame (recorded), on CPU 1 in a stack without
    // frames (no snapshot, not recorded). PCs unknown to the kernel print as "0x... at ??:0".
    static final String CALL_STACKS = """
            "call-stacks": [
              {
                "call-stack": [
                  {
                    "type": "call",
                    "target-pc": "0xffffffff81000500",
                    "target-info": "0xffffffff81000500 at ??:0",
                    "return-pc": "0xffffffff81000110",
                    "return-info": "0xffffffff81000110 at ??:0"
                  } ],
                "filter-pc": "0xffffffff81000400"
              } ]""";

    @Test
    void syscallAccesses() throws Exception {
        assertEquals(Scenarios.document(SYSCALL_ACCESSES), Scenarios.run(log, List.of("syscall-accesses")).json());
    }

    @Test
    void syscallAccessesPcImpliesSyscallAccesses() throws Exception {
        assertEquals(Scenarios.document(SYSCALL_ACCESSES, SYSCALL_ACCESSES_PC),
                Scenarios.run(log, List.of("syscall-accesses-pc")).json());
    }

    @Test
    void stackTracePc() throws Exception {
        Scan.Output out = Scenarios.run(log, List.of("stack-trace-pc"),
                Map.of("stack-trace-pc", List.of("ffffffff81000400", "0x1234")));
        assertTrue(out.ok());
        assertEquals(Scenarios.document(CALL_STACKS), out.json());
    }

    @Test
    void allSevenInOnePassEqualTheSeparatePasses() throws Exception {
        Map<String, List<String>> args = Map.of("stack-trace-pc", List.of("0xffffffff81000400"),
                "op-syscalls", List.of("sys_open"));
        List<String> all = List.of("serial-length", "summary", "syscall-accesses-pc", "distinct-ops", "stack-trace-pc",
                "false-sharing", "syscall-accesses", "distinct-sys", "summary")
                .stream().filter(n -> !n.equals("serial-length")).toList();
        String combined = Scenarios.run(log, all, args).json();
        StringBuilder separate = new StringBuilder("{\n");
        List<String> order = List.of("distinct-sys", "distinct-ops", "false-sharing", "stack-trace-pc",
                "syscall-accesses", "syscall-accesses-pc", "summary");
        for (int i = 0; i < order.size(); i++) {
            String one = Scenarios.run(log, List.of(order.get(i)), args).json();
            if (order.get(i).equals("distinct-ops")) { // implies distinct-sys: keep only its own key
                one = "{\n" + one.substring(one.indexOf("  \"distinct-per-op\""));
            }
            if (order.get(i).equals("syscall-accesses-pc")) {
                one = "{\n" + one.substring(one.indexOf("  \"syscall-accesses-pc\""));
            }
            separate.append(one, 2, one.length() - 3).append(i + 1 < order.size() ? ",\n" : "\n");
        }
        separate.append("}\n");
        assertEquals(separate.toString(), combined);
    }
}
