package org.mtrace.analyses.cacheassoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtrace.analyses.ScenarioRun.K;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.Gxx;
import org.mtrace.analyses.ScenarioRun;
import org.mtrace.mscan.kernel.FixedKernelInfo;

class CacheAssocTest {
    @TempDir
    Path dir;

    private static String rec(long addr, long pc, int size) {
        String hex = "0x" + Long.toHexString(addr);
        return "          {\n"
                + "            \"addr\": \"" + hex + "\",\n"
                + "            \"rawaddr\": \"" + hex + "\",\n"
                + "            \"pc\": \"0x" + Long.toHexString(pc) + " at ??:0\",\n"
                + "            \"size\": " + size + "\n"
                + "          }";
    }

    private static String set(long misses, String... recs) {
        String accesses = recs.length == 0 ? "[ ]" : "[\n" + String.join(",\n", recs) + " ]";
        return "      {\n        \"misses\": " + misses + ",\n        \"accesses\": " + accesses + "\n      }";
    }

    private static String cpu(int n, String... sets) {
        StringBuilder b = new StringBuilder("    \"cpu" + n + "\": [\n");
        b.append(String.join(",\n", sets));
        for (int i = sets.length; i < 512; i++) {
            b.append(",\n").append(set(0));
        }
        return b.append(" ]").toString();
    }

    @Test
    void fifoSetsPerCpuSortedLikeLibstdcxx() throws Exception {
        long way = 512 * 64; // same set, next line
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 2, 1, "before machine");       // ignored: no machine entry yet
            s.load(0, 0x99, K + 0x80, 8, true);
            s.machine(2, 1 << 30);
            s.machine(4, 1 << 30);                   // later machine entries are ignored
            s.load(0, 0x99, K + 0x80, 8, true);      // window not opened since the machine entry
            s.mode(0, 2, 2, "a");
            for (int k = 0; k <= 8; k++) {
                s.load(0, 0x10 + k, K + k * way, 8, true); // 9 misses in set 0, evicts line 0
            }
            s.store(0, 0x20, K, 8, true);            // miss (evicted), evicts line 1
            s.load(0, 0x21, K + 8 * way, 8, true);   // hit: FIFO, no refresh
            s.load(0, 0x22, K + way, 8, true);       // miss, record of line 1 already kept
            s.load(0, 0x30, K + 0x40, 4, true);      // set 1
            s.load(0, 0x31, K + 0x140, 8, true);     // set 5
            s.load(0, 0x32, K + 0x148, 8, true);     // set 5 hit
            s.load(1, 0x40, K + 0xc0, 2, true);      // cpu1 set 3
            s.load(2, 0x41, K + 0xc0, 2, true);      // cpu 2 >= num_cpus: ignored
            s.mode(0, 0, 3, "a");
            s.load(0, 0x99, K + 0x80, 8, true);
        }, "cache-assoc");
        assertTrue(r.output().ok(), r.output().toString());

        // order of the two one-miss sets of cpu0 according to the real std::sort
        long[] misses = new long[512];
        misses[0] = 11;
        misses[1] = 1;
        misses[5] = 1;
        StringBuilder in = new StringBuilder("512");
        for (long m : misses) {
            in.append(' ').append(m);
        }
        List<String> order = List.of(Gxx.compile(dir, "sort", LibstdcxxSortTest.SORT_PROGRAM)
                .run(in.toString()).get(0).split(" "));
        assertEquals("0", order.get(0));
        String set1 = set(1, rec(K + 0x40, 0x30, 4));
        String set5 = set(1, rec(K + 0x140, 0x31, 8));
        boolean oneFirst = order.indexOf("1") < order.indexOf("5");
        String[] set0Recs = new String[9];
        for (int k = 0; k <= 8; k++) {
            set0Recs[k] = rec(K + k * way, 0x10 + k, 8);
        }
        String expected = "{\n  \"cachesim_cpus\": {\n"
                + cpu(0, set(11, set0Recs), oneFirst ? set1 : set5, oneFirst ? set5 : set1) + ",\n"
                + cpu(1, set(1, rec(K + 0xc0, 0x40, 2))) + "\n  }\n}\n";
        assertEquals(ScenarioRun.lines(expected), ScenarioRun.lines(r.json()));
    }

    @Test
    void noMachineEntryNoKey() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 2, 2, "a");
            s.load(0, 0x10, K, 8, true);
        }, "cache-assoc");
        assertEquals("{ }\n", r.json());
    }

    /**
     * cacheassoc.hh tests "machine entry seen" as {@code ncpu_ != 0}: a machine entry with
     * num_cpus 0 creates nothing, so the next machine entry still counts, host entries in between
     * are ignored, and with no other machine entry the key is omitted.
     */
    @Test
    void machineEntryWithoutCpusDoesNotCount() throws IOException {
        ScenarioRun.Result none = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.machine(0, 1 << 30);
            s.mode(0, 2, 2, "a");
            s.load(0, 0x10, K, 8, true);
        }, "cache-assoc");
        assertTrue(none.output().ok(), none.output().toString());
        assertEquals("{ }\n", none.json());

        ScenarioRun.Result later = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.machine(0, 1 << 30);
            s.mode(0, 2, 2, "a");                    // ignored: no CPUs yet
            s.load(0, 0x10, K, 8, true);
            s.machine(1, 1 << 30);                   // this one fixes ncpu = 1
            s.load(0, 0x11, K + 0x40, 8, true);      // window still closed
            s.mode(0, 2, 3, "b");
            s.load(0, 0x12, K + 0x80, 4, true);      // set 2
        }, "cache-assoc");
        assertTrue(later.output().ok(), later.output().toString());
        String expected = "{\n  \"cachesim_cpus\": {\n"
                + cpu(0, set(1, rec(K + 0x80, 0x12, 4))) + "\n  }\n}\n";
        assertEquals(ScenarioRun.lines(expected), ScenarioRun.lines(later.json()));
    }
}
