package org.mtrace.analyses.sharedaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtrace.analyses.ScenarioRun.K;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.ScenarioRun;
import org.mtrace.mscan.kernel.FixedKernelInfo;

class SharedAddressesTest {
    @TempDir
    Path dir;

    /**
     * More rows than the block that is read ahead at a time (several blocks and a partial one):
     * each row once, in the hash table's order (the chains of {@link GnuHashMapOrder}, checked by
     * hand in its own test), with its own count.
     */
    @Test
    void rowsOfManyBlocksComeOutOnceEachInHashOrder() throws IOException {
        int rows = 3 * 128 + 57;
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.machine(2, 1 << 30);
            for (int i = 0; i < rows; i++) {
                for (int n = 0; n <= i % 3; n++) { // row i counts 1 + i % 3 accesses
                    s.load(0, 0x100 + i, K + 8L * i, 8, true);
                }
            }
        }, "shared-addresses");
        assertTrue(r.output().ok(), r.output().toString());
        java.util.List<String> expected = new java.util.ArrayList<>();
        GnuHashMapOrder.insertAll(rows, k -> GnuHashMapOrder.hash(K + 8L * k, 0)).forEach(k ->
                expected.add("+0x" + Long.toHexString(K + 8L * k) + " " + (1 + k % 3)));
        java.util.List<String> written = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\"address\": \"(\\+0x[0-9a-f]+)[^\"]*\",(?s:.*?)\"count\": (\\d+)\\n\\s*}")
                .matcher(r.json());
        while (m.find()) {
            written.add(m.group(1) + " " + m.group(2));
        }
        assertEquals(expected, written);
    }

    /**
     * Rows keyed by (address, object id): the same address under two objects is two rows. Row
     * order: buckets (hash mod 193, hashes computed by hand from Appendix C) ascending:
     * (K+8,0) → 74, (K+0x10,0) → 82, (K+0x100,1) → 144, (K,0) → 148, (K+0x100,2) → 189.
     * Object ids start at 1 (the original pre-increments its counter).
     */
    @Test
    void rowsInHashTableOrder() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.machine(2, 1 << 30);
            s.load(0, 0x10, K, 8, true);                  // unlabelled: base 0 (documented fix)
            s.label(0, 1, "foo", K + 0x100, 64, 0);       // object id 1
            s.store(1, 0x20, K + 0x100, 8, true);
            s.label(0, 1, "foo", K + 0x100, 0, 0);        // removed
            s.label(0, 1, "bar", K + 0x100, 64, 0);       // object id 2 at the same address
            s.load(2, 0x21, K + 0x100, 4, true);
            s.load(0, 0x12, K + 8, 8, true);
            s.load(0, 0x11, K + 8, 8, true);
            s.load(0, 0x11, K + 8, 8, true);
            s.load(3, 0x13, K + 0x10, 8, true);           // CPU 3 > num_cpus: vector is longer
        }, "shared-addresses");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(ScenarioRun.lines("""
                {
                  "shared-addresses": [
                    {
                      "name": "",
                      "address": "+0xffff880000000008",
                      "count-per-pc": [
                        {
                          "info": "0x11 at ??:0",
                          "count": 2
                        },
                        {
                          "info": "0x12 at ??:0",
                          "count": 1
                        } ],
                      "count-per-cpu": [
                        3,
                        0 ],
                      "count": 3
                    },
                    {
                      "name": "",
                      "address": "+0xffff880000000010",
                      "count-per-pc": [
                        {
                          "info": "0x13 at ??:0",
                          "count": 1
                        } ],
                      "count-per-cpu": [
                        0,
                        0,
                        0,
                        1 ],
                      "count": 1
                    },
                    {
                      "name": "foo",
                      "address": "foo+0x0",
                      "count-per-pc": [
                        {
                          "info": "0x20 at ??:0",
                          "count": 1
                        } ],
                      "count-per-cpu": [
                        0,
                        1 ],
                      "count": 1
                    },
                    {
                      "name": "",
                      "address": "+0xffff880000000000",
                      "count-per-pc": [
                        {
                          "info": "0x10 at ??:0",
                          "count": 1
                        } ],
                      "count-per-cpu": [
                        1,
                        0 ],
                      "count": 1
                    },
                    {
                      "name": "bar",
                      "address": "bar+0x0",
                      "count-per-pc": [
                        {
                          "info": "0x21 at ??:0",
                          "count": 1
                        } ],
                      "count-per-cpu": [
                        0,
                        0,
                        1 ],
                      "count": 1
                    } ]
                }
                """), ScenarioRun.lines(r.json()));
    }

    /** An address that returns to an earlier object keeps counting in that object's row. */
    @Test
    void returningObjectReusesItsRow() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.label(0, 1, "a", K, 8, 0);                  // id 1
            s.load(0, 0x10, K, 8, true);
            s.label(0, 2, "blk", K + 0x1000, 8, 0);      // id 2, in the other map; generation changes
            s.load(0, 0x10, K, 8, true);
        }, "shared-addresses");
        assertTrue(r.json().contains("\"count\": 2") && r.json().split("\"name\"").length == 2, r.json());
    }

    /**
     * The first label gets id 1, not the key 0 of unlabelled addresses: an address accessed before
     * and after the first label is added is two rows (hand-computed buckets: (K+0x200,1) → 44,
     * (K+0x200,0) → 162).
     */
    @Test
    void firstLabelIsNotTheUnlabelledKey() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.machine(1, 1 << 30);
            s.load(0, 0x10, K + 0x200, 8, true);          // unlabelled: (K+0x200, 0)
            s.label(0, 1, "first", K + 0x200, 16, 0);     // the first object: id 1
            s.store(0, 0x20, K + 0x200, 8, true);         // (K+0x200, 1)
        }, "shared-addresses");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(ScenarioRun.lines("""
                {
                  "shared-addresses": [
                    {
                      "name": "first",
                      "address": "first+0x0",
                      "count-per-pc": [
                        {
                          "info": "0x20 at ??:0",
                          "count": 1
                        } ],
                      "count-per-cpu": [
                        1 ],
                      "count": 1
                    },
                    {
                      "name": "",
                      "address": "+0xffff880000000200",
                      "count-per-pc": [
                        {
                          "info": "0x10 at ??:0",
                          "count": 1
                        } ],
                      "count-per-cpu": [
                        1 ],
                      "count": 1
                    } ]
                }
                """), ScenarioRun.lines(r.json()));
    }

    /**
     * A kernel whose per-CPU range symbols the original did not recognise (NOTYPE): it added the
     * per-CPU symbol as a static at its link address (id 2), so the heap label is id 4 there and
     * here; it never created the per-CPU instance, so its accesses key as unlabelled (K+0x10010, 0),
     * one row with the access made before the segment. Buckets by hand: (K+0x400,4) → 78,
     * (K+0x10010,0) → 111.
     */
    @Test
    void idsAndKeysFollowTheOriginalWhenItHadNoPerCpuTemplates() throws IOException {
        FixedKernelInfo kernel = FixedKernelInfo.empty().symbol("a", 0xffffffff81000000L, 8).symbol("pcpu", 0x10, 8)
                .symbol("b", 0xffffffff81000100L, 8).perCpuRange(0, 0x1000).originalPerCpuRange(0, 0);
        ScenarioRun.Result r = ScenarioRun.run(dir, kernel, s -> {
            s.machine(1, 1 << 30);
            s.load(0, 0x10, K + 0x10010, 8, true);        // before the segment: unlabelled
            s.segment(0, K + 0x10000, K + 0x11000);       // the per-CPU instance "pcpu" at K+0x10010
            s.load(0, 0x11, K + 0x10010, 8, true);
            s.label(0, 1, "h", K + 0x400, 16, 0);
            s.store(0, 0x20, K + 0x400, 8, true);
        }, "shared-addresses");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(ScenarioRun.lines("""
                {
                  "shared-addresses": [
                    {
                      "name": "h",
                      "address": "h+0x0",
                      "count-per-pc": [
                        {
                          "info": "0x20 at ??:0",
                          "count": 1
                        } ],
                      "count-per-cpu": [
                        1 ],
                      "count": 1
                    },
                    {
                      "name": "",
                      "address": "+0xffff880000010010",
                      "count-per-pc": [
                        {
                          "info": "0x10 at ??:0",
                          "count": 1
                        },
                        {
                          "info": "0x11 at ??:0",
                          "count": 1
                        } ],
                      "count-per-cpu": [
                        2 ],
                      "count": 2
                    } ]
                }
                """), ScenarioRun.lines(r.json()));
    }
}
