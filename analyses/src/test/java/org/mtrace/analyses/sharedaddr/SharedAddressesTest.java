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
     * Rows keyed by (address, object id): the same address under two objects is two rows. Row
     * order: buckets (hash mod 193, hashes computed by hand from Appendix C) ascending:
     * (K+8,0) → 74, (K+0x10,0) → 82, (K+0x100,1) → 144, (K,0) → 148, (K+0x100,2) → 189
     * (object ids start at 1: {@code id = ++mtrace_object_count}).
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
}
