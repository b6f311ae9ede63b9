package org.mtrace.dwarf;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Concurrent first-time queries on one DebugInfo give what a private, sequential instance gives. */
class ConcurrencyTest {
    @Test
    void parallelQueriesAgreeWithSequentialOnes() throws Exception {
        Path bin = Fixtures.build("types.c", "gcc", "-g", "-gdwarf-5", "-O2");
        DebugInfo reference = DebugInfo.open(bin, null);
        List<String> expected = answers(reference);
        DebugInfo shared = DebugInfo.open(bin, null);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) runs.add(pool.submit(() -> answers(shared)));
            for (Future<List<String>> f : runs) assertEquals(expected, f.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> answers(DebugInfo a) {
        List<String> out = new ArrayList<>();
        long foo = a.symbolAddress("global_foo").getAsLong();
        long text = a.symbolAddress("use_all").getAsLong();
        for (int off = 0; off < 130; off++) {
            out.add(a.describe("foo", 0x1000, off, 0));
            out.add(a.describe("bar", 0x2000, off, text));
            out.add(a.describeAddress(foo + off));
            out.add(String.join(";", a.sourceWithInlines(text + off)));
        }
        return out;
    }
}
