package org.mtrace.analyses.cacheassoc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.Gxx;

/** The emulation gives exactly the order of the real {@code std::sort} (ties included). */
class LibstdcxxSortTest {
    static final String SORT_PROGRAM = """
            #include <algorithm>
            #include <cstdio>
            #include <vector>
            int main() {
              int n;
              while (scanf("%d", &n) == 1) {
                std::vector<long> m(n);
                std::vector<int> idx(n);
                for (int i = 0; i < n; i++) { scanf("%ld", &m[i]); idx[i] = i; }
                std::sort(idx.begin(), idx.end(), [&](int x, int y) { return m[x] > m[y]; });
                for (int i = 0; i < n; i++) printf(i ? " %d" : "%d", idx[i]);
                printf("\\n");
              }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void sameOrderAsLibstdcxx() throws Exception {
        Gxx sort = Gxx.compile(dir, "sort", SORT_PROGRAM);
        Random rnd = new Random(7);
        List<long[]> inputs = new ArrayList<>();
        for (int n : new int[] {0, 1, 2, 5, 16, 17, 33, 100, 512, 512, 512, 512, 1000, 4096}) {
            for (int range : new int[] {1, 2, 4, 50, 100000}) {
                long[] m = new long[n];
                for (int i = 0; i < n; i++) {
                    m[i] = rnd.nextInt(range);
                }
                inputs.add(m);
            }
        }
        StringBuilder in = new StringBuilder();
        for (long[] m : inputs) {
            in.append(m.length);
            for (long v : m) {
                in.append(' ').append(v);
            }
            in.append('\n');
        }
        List<String> expected = sort.run(in.toString());
        assertEquals(inputs.size(), expected.size());
        for (int k = 0; k < inputs.size(); k++) {
            long[] m = inputs.get(k);
            int[] order = new int[m.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            LibstdcxxSort.sort(order, (x, y) -> m[x] > m[y]);
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < order.length; i++) {
                got.append(i == 0 ? "" : " ").append(order[i]);
            }
            assertEquals(expected.get(k), got.toString(), "input " + k + " of length " + m.length);
        }
    }
}
