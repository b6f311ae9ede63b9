package org.mtrace.dwarf.btf;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.dwarf.elf.ElfImage;
import org.mtrace.dwarf.index.IndexCache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opt-in: the kallsyms tables of Debian's 6.1 and 6.12 bzImages against {@code nm -n} of their -dbg
 * vmlinux (an independent reader of the real symbol table). Functions must match one for one; every data
 * symbol of kallsyms must be in nm, and nm's extra data symbols must be only those scripts/kallsyms.c drops
 * ({@code .L} labels, {@code __kstrtab*}, {@code __ksymtab*}, {@code __crc_*}, its own {@code kallsyms_*}
 * arrays) or per-CPU variables, which kallsyms re-marks ({@code A}, given back as {@code D}) at the same
 * offset. Skipped when the
 * files or nm are absent.
 */
class RealKernelKallsymsTest {
    private static final Path HOME = Path.of(System.getProperty("user.home"), ".cache/mtrace");

    @Test
    void kernel61MatchesNm(@TempDir Path tmp) throws Exception {
        check(HOME.resolve("deps/image/boot/vmlinuz-6.1.0-50-cloud-amd64"),
                HOME.resolve("deps/dbg/usr/lib/debug/boot/vmlinux-6.1.0-50-cloud-amd64"), tmp);
    }

    @Test
    void kernel612MatchesNm(@TempDir Path tmp) throws Exception {
        check(HOME.resolve("deps612/image/boot/vmlinuz-6.12.118+deb12-cloud-amd64"),
                HOME.resolve("deps612/dbg/usr/lib/debug/boot/vmlinux-6.12.118+deb12-cloud-amd64"), tmp);
    }

    private static void check(Path image, Path dbg, Path tmp) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(image) && Files.isRegularFile(dbg), "image or -dbg vmlinux absent");
        SystemMap ks = Kallsyms.read(ElfImage.open(vmlinux(image, tmp)).section(".rodata"));
        Set<String> kFuncs = new HashSet<>(), kData = new HashSet<>(), kAbs = new HashSet<>();
        for (int i = 0; i < ks.size(); i++) {
            String row = Long.toHexString(ks.address(i)) + " " + ks.type(i) + " " + ks.name(i);
            char t = ks.type(i);
            if ("tTW".indexOf(t) >= 0) kFuncs.add(row);
            else if (t == 'D' && ks.address(i) >= 0 && ks.address(i) < (1 << 24)) // per-CPU offsets, not addresses
                kAbs.add(Long.toHexString(ks.address(i)) + " " + ks.name(i));
            else if ("dDbBrR".indexOf(t) >= 0) kData.add(row);
        }
        Set<String> nFuncs = new HashSet<>(), nData = new HashSet<>(), nPerCpu = new HashSet<>();
        Set<String> extra = new HashSet<>(); // nm lists some rows twice
        Process nm;
        try {
            nm = new ProcessBuilder("nm", "-n", dbg.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("no nm: " + e.getMessage());
            return;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(nm.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ");
                if (f.length != 3) continue;
                String row = Long.toHexString(Long.parseUnsignedLong(f[0], 16)) + " " + f[1] + " " + f[2];
                if ("tTW".contains(f[1])) nFuncs.add(row);
                else if ("dDbBrR".contains(f[1])) {
                    nData.add(row);
                    long a = Long.parseUnsignedLong(f[0], 16);
                    if (a >= 0 && a < (1 << 24)) nPerCpu.add(Long.toHexString(a) + " " + f[2]);
                    if (kData.contains(row)) continue;
                    boolean dropped = f[2].startsWith(".L") || f[2].startsWith("__kstrtab") || f[2].startsWith("__ksymtab")
                            || f[2].startsWith("__crc_") || f[2].startsWith("kallsyms_");
                    boolean perCpu = kAbs.contains(Long.toHexString(Long.parseUnsignedLong(f[0], 16)) + " " + f[2]);
                    assertTrue(dropped || perCpu, "nm data symbol missing from kallsyms: " + line);
                    extra.add(row);
                }
            }
        }
        assertEquals(0, nm.waitFor());
        assertEquals(nFuncs.size(), kFuncs.size(), "function count");
        assertEquals(nFuncs, kFuncs);
        assertTrue(nData.containsAll(kData), "every kallsyms data symbol is in nm");
        assertEquals(nPerCpu, kAbs, "per-CPU variables");
        assertEquals(nData.size() - extra.size(), kData.size(), "data symbols");
        assertTrue(kFuncs.size() > 40_000, "a real kernel has tens of thousands of functions: " + kFuncs.size());
    }

    /** The image's vmlinux through KernelImage (6.12's long-window zstd frame included). */
    private static Path vmlinux(Path image, Path tmp) throws Exception {
        return KernelImage.vmlinux(image, IndexCache.defaultLocation().dir());
    }
}
