package org.mtrace.dwarf;

import org.junit.jupiter.api.Test;
import org.mtrace.dwarf.describe.StructLayout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Deterministic mutations of gcc-built fixtures' debug sections (byte flips, forged 4-byte values, sections
 * cut short through their header's sh_size), in executables and relocatable objects: every open and query
 * either answers or throws DwarfException whose one-line message names the file and where the fault is (a
 * unit's section offset, or a section offset or relocation entry); no other exception, no hang.
 */
class MutationTest {
    /** 80 per fixture (560 in all) by default; {@code -Dmdwarf.mutants=N} runs a longer campaign. */
    private static final int CASES_PER_FIXTURE = Integer.getInteger("mdwarf.mutants", 80);
    private static final long SEED = Long.getLong("mdwarf.mutants.seed", 0);
    /** "unit at .debug_info offset 0x2e", ".debug_line offset 0x40", ".rela.debug_info entry 7". */
    private static final Pattern WHERE = Pattern.compile(
            "unit at \\.debug_(info|types) offset 0x[0-9a-f]+: |\\.[a-z_.]+ (offset 0x[0-9a-f]+|entry \\d+)");

    /** A section of the fixture as readelf lists it: header index, name, file offset, size. */
    record Section(int index, String name, long offset, long size) {}

    static List<Section> debugSections(Path elf) {
        List<Section> out = new ArrayList<>();
        for (String l : Fixtures.run("readelf", "-S", "-W", elf.toString()).split("\n")) {
            int open = l.indexOf('['), close = l.indexOf(']');
            if (open < 0 || close < 0 || !l.contains(".debug_")) continue;
            String[] f = l.substring(close + 1).trim().split("\\s+");
            out.add(new Section(Integer.parseInt(l.substring(open + 1, close).trim()), f[0],
                    Long.parseLong(f[3], 16), Long.parseLong(f[4], 16)));
        }
        return out;
    }

    @Test
    void executablesDwarf5() throws Exception {
        run(Fixtures.build("types.c", "gcc", "-g", "-gdwarf-5", "-O2"), 1);
        run(Fixtures.build("inline.c", "gcc", "-g", "-gdwarf-5", "-O2"), 2);
    }

    @Test
    void executablesDwarf4() throws Exception {
        run(Fixtures.build("types.c", "gcc", "-g", "-gdwarf-4", "-O0"), 3);
        run(Fixtures.build("inline.c", "gcc", "-g", "-gdwarf-4", "-O2"), 4);
    }

    @Test
    void relocatableObjects() throws Exception {
        run(Fixtures.build("types.c", "gcc", "-c", "-g", "-gdwarf-5", "-O2", "-ffunction-sections"), 5);
        run(Fixtures.build("inline.c", "gcc", "-c", "-g", "-gdwarf-4", "-O2"), 6);
        run(Fixtures.build("reloc.c", "gcc", "-c", "-g", "-gdwarf-5", "-O2", "-fdebug-types-section"), 7);
    }

    private static void run(Path good, long seed) throws Exception {
        byte[] original = Files.readAllBytes(good);
        ByteBuffer hdr = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = hdr.getLong(0x28);
        int shentsize = hdr.getShort(0x3a) & 0xffff;
        List<Section> sections = debugSections(good);
        assertTrue(sections.size() >= 4, "fixture has debug sections");
        Path dir = Files.createTempDirectory(Fixtures.dir(), "mutant");
        Random rnd = new Random(seed + SEED * 7919);
        List<String> failures = new ArrayList<>();
        int rejected = 0;
        for (int round = 0; round < CASES_PER_FIXTURE; round++) {
            byte[] bytes = original.clone();
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            Section s = sections.get(rnd.nextInt(sections.size()));
            int size = (int) Math.max(1, s.size());
            String what;
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    int n = 1 + rnd.nextInt(8);
                    for (int k = 0; k < n; k++) bytes[(int) (s.offset() + rnd.nextInt(size))] ^= (byte) (1 + rnd.nextInt(255));
                    what = n + " byte flips in " + s.name();
                }
                case 1 -> {
                    int at = (int) (s.offset() + rnd.nextInt(Math.max(1, size - 4)));
                    int v = rnd.nextBoolean() ? rnd.nextInt() : rnd.nextInt(size * 2 + 1) - 2;
                    b.putInt(at, v);
                    what = "0x" + Integer.toHexString(v) + " written in " + s.name();
                }
                default -> {
                    long cut = rnd.nextInt(size);
                    b.putLong((int) (shoff + (long) s.index() * shentsize + 32), cut);
                    what = s.name() + " cut to " + cut + " bytes";
                }
            }
            Path bad = dir.resolve("mutant" + round);
            Files.write(bad, bytes);
            boolean viaCli = round % 16 == 0;
            String outcome = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> viaCli ? exerciseCli(bad) : exercise(bad), what);
            if (outcome == REJECTED) rejected++;
            else if (outcome != null) failures.add("case " + round + " (" + what + "): " + outcome);
        }
        if (!failures.isEmpty()) fail(failures.size() + " of " + CASES_PER_FIXTURE + " mutants of " + good
                + " failed badly:\n" + String.join("\n", failures));
        // The mutations must reach the reader's checks, or this test proves nothing.
        assertTrue(rejected >= CASES_PER_FIXTURE / 10, "only " + rejected + " of " + CASES_PER_FIXTURE
                + " mutants of " + good + " were rejected");
    }

    private static final String REJECTED = "rejected";

    /**
     * Through bin/mdwarf's entry point: exit 0 or 1, or exit 2 with one stderr line naming the file and the
     * fault's place; REJECTED for a proper exit 2, null for answers, else what went wrong.
     */
    private static String exerciseCli(Path bad) {
        String[][] commands = {{"info"}, {"layout", "struct foo"}, {"describe", "struct bar", "40"},
                {"addr2line", "-i", "0x0", "0x10", "0x40", "0x1139"}};
        String outcome = null;
        for (String[] cmd : commands) {
            List<String> args = new ArrayList<>(List.of(cmd[0], "--no-cache", bad.toString()));
            args.addAll(List.of(cmd).subList(1, cmd.length));
            CliTest.Result r = CliTest.mdwarf(args.toArray(new String[0]));
            if (r.status() == 0 || r.status() == 1) continue;
            if (r.status() != 2) return "mdwarf " + cmd[0] + " exit " + r.status() + ": " + r.err();
            String prefix = "mdwarf: " + bad + ": ";
            if (!r.err().startsWith(prefix) || r.err().indexOf('\n') != r.err().length() - 1)
                return "mdwarf " + cmd[0] + " stderr is not one line naming the file: " + r.err();
            if (!WHERE.matcher(r.err()).find()) return "mdwarf " + cmd[0] + " names no offset: " + r.err();
            outcome = REJECTED;
        }
        return outcome;
    }

    /** REJECTED if the mutant was rejected properly, null if it was read, else what went wrong. */
    private static String exercise(Path bad) {
        try {
            DebugInfo a = DebugInfo.open(bad, null);
            long[] pcs = {a.symbolAddress("main").orElse(0), a.symbolAddress("compute").orElse(0),
                    a.symbolAddress("use_all").orElse(0), a.symbolAddress("init_fixture").orElse(0)};
            for (long pc : pcs) for (int off = 0; off < 48; off += 3) a.sourceWithInlines(pc + off);
            for (String t : new String[] {"struct foo", "struct bar", "struct flags", "atomic_t", "int", "struct inode"}) {
                for (int off = 0; off < 96; off += 5) a.describe(t, 0, off, pcs[0]);
                a.typeSize(t);
                a.fieldOffset(t, "l");
                StructLayout l = a.layout(t);
                if (l != null) l.render();
            }
            for (ElfSymbol s : a.objectSymbols()) a.describeAddress(s.address() + s.size() / 2);
            return null;
        } catch (DwarfException e) {
            String m = e.getMessage();
            if (!m.startsWith(bad + ": ")) return "message does not start with the file: " + m;
            if (m.contains("\n")) return "message has several lines: " + m;
            if (!WHERE.matcher(m).find()) return "message names no unit or section offset: " + m + trace(e.getCause());
            return REJECTED;
        } catch (Throwable t) {
            return "escaped " + t + trace(t);
        }
    }

    private static String trace(Throwable t) {
        if (t == null) return "";
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(4, st.length); i++) sb.append(" <- ").append(st[i]);
        return sb.toString();
    }
}
