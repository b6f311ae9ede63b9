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

/**
 * Object ids come from the original's {@code id = ++mtrace_object_count} (mscan.hh add_label): the
 * first object is 1, so id 0 only ever means "unlabelled" in shared-addresses' (address, id) key.
 */
class ObjectIdTest {
    @TempDir
    Path dir;

    /**
     * An address accessed unlabelled and then inside the first object ever added is two rows:
     * keys (K, 0) and (K, 1). Buckets (Appendix C, hashes worked outside the code base):
     * (K, 1) → 45, (K, 0) → 148.
     */
    @Test
    void firstObjectIsNotUnlabelled() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.machine(1, 1 << 30);
            s.load(0, 0x10, K, 8, true);               // unlabelled: key (K, 0)
            s.label(0, 1, "first", K, 64, 0);          // object id 1
            s.load(0, 0x11, K, 8, true);               // key (K, 1)
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
                          "info": "0x11 at ??:0",
                          "count": 1
                        } ],
                      "count-per-cpu": [
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
                        1 ],
                      "count": 1
                    } ]
                }
                """), ScenarioRun.lines(r.json()));
    }
}
