package org.mtrace.dwarf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Randomly damaged debug sections: every open and query either answers or throws DwarfException (one
 * message naming the file), never another exception, a stack overflow or a hang.
 */
class CorruptInputTest {
    @ParameterizedTest
    @ValueSource(strings = {"inline.c", "types.c"})
    void damagedSectionsFailCleanly(String source) throws Exception {
        Path good = Fixtures.build(source, "gcc", "-g", "-gdwarf-5", "-O2");
        byte[] original = Files.readAllBytes(good);
        String hdr = Fixtures.run("readelf", "-S", "-W", good.toString());
        long[][] sections = hdr.lines().filter(l -> l.contains(" .debug_")).map(l -> {
            String[] f = l.substring(l.indexOf(".debug_")).trim().split("\\s+");
            return new long[] {Long.parseLong(f[3], 16), Long.parseLong(f[4], 16)};
        }).toArray(long[][]::new);
        Path dir = Files.createTempDirectory(Fixtures.dir(), "corrupt");
        Random rnd = new Random(2026);
        for (int round = 0; round < 60; round++) {
            byte[] bytes = original.clone();
            long[] sec = sections[rnd.nextInt(sections.length)];
            for (int k = 0; k < 1 + rnd.nextInt(8); k++)
                bytes[(int) (sec[0] + rnd.nextInt((int) Math.max(1, sec[1])))] = (byte) rnd.nextInt(256);
            Path bad = dir.resolve("bad" + round);
            Files.write(bad, bytes);
            int r = round;
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> exercise(bad), "round " + r);
        }
    }

    private static void exercise(Path bad) {
        try {
            Attribution a = Attribution.open(bad, null);
            long main = a.symbolAddress("main").orElse(0);
            for (int off = 0; off < 64; off++) {
                a.sourceWithInlines(main + off);
                a.describe("int", 0, off, main);
                a.describe("foo", 0, off, main);
                a.describe("bar", 0, off * 2, 0);
                a.describeAddress(main + off);
            }
        } catch (DwarfException expected) {
            if (!expected.getMessage().startsWith(bad.toString())) throw expected;
        }
    }
}
