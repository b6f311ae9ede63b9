package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtrace.mscan.engine.Scan;

/**
 * distinct-sys, false-sharing and summary on {@link Scenarios#basic}; expectations worked by
 * hand from MSCAN.md §8.1, §8.3, §8.8 (see the comments for the derivation).
 */
class DefaultSetTest extends BasicScenarioTest {
    // tid 7: traffic lines HEAP and HEAP+0x40 -> closed by done: sys_open {distinct 2, calls 1}
    // tid 8: line HEAP, still open at the end; tid 0 (CPU 1 paused): line 0x...2000
    // end: close tid 0 -> pc 0 {1, 1}; close tid 8 -> sys_open {3, 2}
    static final String DISTINCT = """
              "distinct-per-entry": [
                {
                  "entry": "0x0",
                  "calls": 1,
                  "distinct": 1,
                  "ave": 1.000000
                },
                {
                  "entry": "sys_open",
                  "calls": 2,
                  "distinct": 3,
                  "ave": 1.500000
                } ]""";

    // line HEAP holds inode and dentry; PC_A and PC_B touch it while recording, PC_D only after
    static final String FALSE_SHARING = """
              "false-sharing": [
                {
                  "pc": "0xffffffff81000400",
                  "instances": [
                    {
                      "name": "dentry",
                      "alloc-pc": "0xffffffff81000300",
                      "alloc-info": "kmalloc at slab.c:5"
                    },
                    {
                      "name": "inode",
                      "alloc-pc": "0xffffffff81000300",
                      "alloc-info": "kmalloc at slab.c:5"
                    } ]
                },
                {
                  "pc": "0xffffffff81000404",
                  "instances": [
                    {
                      "name": "dentry",
                      "alloc-pc": "0xffffffff81000300",
                      "alloc-info": "kmalloc at slab.c:5"
                    },
                    {
                      "name": "inode",
                      "alloc-pc": "0xffffffff81000300",
                      "alloc-info": "kmalloc at slab.c:5"
                    } ]
                } ]""";

    // first enable global_ts 1000, final disable 1500
    static final String SUMMARY = """
              "summary": {
                "total-instructions": 500
              }""";

    @Test
    void defaultSetInOriginalOrder() throws Exception {
        // requested in another order: output keeps the original's order
        Scan.Output out = Scenarios.run(log, List.of("summary", "false-sharing", "distinct-sys"));
        assertTrue(out.ok(), out.toString());
        assertEquals(Scenarios.document(DISTINCT, FALSE_SHARING, SUMMARY), out.json());
    }

    @Test
    void eachAloneEqualsItsPartOfTheCombinedPass() throws Exception {
        assertEquals(Scenarios.document(DISTINCT), Scenarios.run(log, List.of("distinct-sys")).json());
        assertEquals(Scenarios.document(FALSE_SHARING), Scenarios.run(log, List.of("false-sharing")).json());
        assertEquals(Scenarios.document(SUMMARY), Scenarios.run(log, List.of("summary")).json());
    }
}
