package org.mtrace.analyses.sharedaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.Gxx;

/** The emulated iteration order equals that of the real {@code __gnu_cxx::hash_map}. */
class GnuHashMapOrderTest {
    private static final String PROGRAM = """
            #include <ext/hash_map>
            #include <cstdio>
            #include <cstdint>
            struct Key {
              uint64_t addr, id;
              bool operator==(const Key& o) const { return addr == o.addr && id == o.id; }
            };
            struct Hash {
              size_t operator()(const Key& k) const {
                uint64_t a = 0xdeadbeef + k.addr, b = 0xdeadbeef + k.id, c = 0x9e3779b97f4a7c13ULL + 2;
                a -= b; a -= c; a ^= (c >> 43);
                b -= c; b -= a; b ^= (a << 9);
                c -= a; c -= b; c ^= (b >> 8);
                a -= b; a -= c; a ^= (c >> 38);
                b -= c; b -= a; b ^= (a << 23);
                c -= a; c -= b; c ^= (b >> 5);
                a -= b; a -= c; a ^= (c >> 35);
                b -= c; b -= a; b ^= (a << 49);
                c -= a; c -= b; c ^= (b >> 11);
                a -= b; a -= c; a ^= (c >> 12);
                b -= c; b -= a; b ^= (a << 18);
                c -= a; c -= b; c ^= (b >> 22);
                return c;
              }
            };
            int main() {
              __gnu_cxx::hash_map<Key, int, Hash> m;
              unsigned long a, i;
              int n = 0;
              while (scanf("%lu %lu", &a, &i) == 2) {
                Key k = {a, i};
                if (m.find(k) == m.end()) m[k] = n++;
              }
              for (__gnu_cxx::hash_map<Key, int, Hash>::iterator it = m.begin(); it != m.end(); ++it)
                printf("%d\\n", it->second);
            }
            """;

    @TempDir
    Path dir;

    @Test
    void sameOrderAsGnuHashMap() throws Exception {
        Gxx program = Gxx.compile(dir, "hashmap", PROGRAM);
        Random rnd = new Random(3);
        for (int n : new int[] {1, 150, 194, 3000}) {
            Set<List<Long>> keys = new LinkedHashSet<>();
            while (keys.size() < n) {
                long addr = 0xffff880000000000L + (rnd.nextInt(1 << 16) & ~3);
                keys.add(List.of(addr, (long) rnd.nextInt(4)));
            }
            StringBuilder in = new StringBuilder();
            long[] hashes = new long[n];
            int k = 0;
            for (List<Long> key : keys) {
                in.append(Long.toUnsignedString(key.get(0))).append(' ').append(key.get(1)).append('\n');
                hashes[k++] = GnuHashMapOrder.hash(key.get(0), key.get(1));
            }
            List<String> expected = program.run(in.toString());
            List<String> got = new ArrayList<>();
            GnuHashMapOrder.insertAll(n, i -> hashes[i]).forEach(i -> got.add(Integer.toString(i)));
            assertEquals(expected, got, n + " keys");
        }
    }
}
