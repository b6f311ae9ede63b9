package org.mtrace.dwarf;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Deterministic mutations of a gcc-built fixture's {@code .debug_frame} (byte flips, forged 4-byte
 * values, the section cut short through its header's sh_size), as {@link MutationTest} does for the
 * other debug sections: asking for the stack slot of every byte of the fixture's {@code submit}
 * either answers or throws one DwarfException whose one-line message names the file and the
 * {@code .debug_frame} offset of the faulty entry; no other exception, no hang.
 */
class FrameMutationTest {
    private static final int CASES = 120;

    @Test
    void mutatedCallFrameInformationIsAnsweredOrRejectedWithItsOffset() throws Exception {
        Path good = Fixtures.build("frames.c", "gcc", "-g", "-O2", "-no-pie", "-fno-asynchronous-unwind-tables");
        byte[] original = Files.readAllBytes(good);
        ByteBuffer hdr = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = hdr.getLong(0x28);
        int shentsize = hdr.getShort(0x3a) & 0xffff;
        MutationTest.Section s = MutationTest.debugSections(good).stream()
                .filter(x -> x.name().equals(".debug_frame")).findFirst().orElseThrow();
        ElfSymbol submit = DebugInfo.open(good, null).symbols().stream()
                .filter(x -> x.name().equals("submit")).findFirst().orElseThrow();
        Path dir = Files.createTempDirectory(Fixtures.dir(), "frame-mutant");
        Random rnd = new Random(16);
        List<String> failures = new ArrayList<>();
        int rejected = 0;
        for (int round = 0; round < CASES; round++) {
            byte[] bytes = original.clone();
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int size = (int) Math.max(1, s.size());
            String what;
            switch (round % 3) {
                case 0 -> {
                    int n = 1 + rnd.nextInt(8);
                    for (int k = 0; k < n; k++) bytes[(int) (s.offset() + rnd.nextInt(size))] ^= (byte) (1 + rnd.nextInt(255));
                    what = n + " byte flips";
                }
                case 1 -> {
                    int at = (int) (s.offset() + rnd.nextInt(Math.max(1, size - 4)));
                    int v = rnd.nextBoolean() ? rnd.nextInt() : rnd.nextInt(size * 2 + 1) - 2;
                    b.putInt(at, v);
                    what = "0x" + Integer.toHexString(v) + " written at section offset " + (at - s.offset());
                }
                default -> {
                    long cut = rnd.nextInt(size);
                    b.putLong((int) (shoff + (long) s.index() * shentsize + 32), cut);
                    what = "cut to " + cut + " bytes";
                }
            }
            Path bad = dir.resolve("mutant" + round);
            Files.write(bad, bytes);
            String outcome = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> exercise(bad, submit), what);
            if (outcome == REJECTED) rejected++;
            else if (outcome != null) failures.add("case " + round + " (" + what + "): " + outcome);
        }
        if (!failures.isEmpty()) fail(failures.size() + " of " + CASES + " mutants failed badly:\n" + String.join("\n", failures));
        assertTrue(rejected >= CASES / 10, "only " + rejected + " of " + CASES + " mutants were rejected");
    }

    private static final String REJECTED = "rejected";

    private static String exercise(Path bad, ElfSymbol submit) {
        try {
            DebugInfo a = DebugInfo.open(bad, null);
            for (long pc = submit.address(); pc < submit.address() + submit.size(); pc++) a.stackSlot(pc);
            return null;
        } catch (DwarfException e) {
            String m = e.getMessage();
            if (!m.startsWith(bad + ": ")) return "message does not start with the file: " + m;
            if (m.contains("\n")) return "message has several lines: " + m;
            if (!m.matches(".*\\.debug_frame offset 0x[0-9a-f]+: .*")) return "message names no .debug_frame offset: " + m;
            return REJECTED;
        } catch (Throwable t) {
            return "escaped " + t;
        }
    }
}
