package org.mtrace.dwarf;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtrace.dwarf.source.Frame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks on the real Debian kernel. They run gdb and addr2line over a 590 MB vmlinux (tens of seconds,
 * ~2 GB), so they are opt-in: set MDWARF_VMLINUX to the file (scripts/fetch-debian-kernel.sh fetches it).
 */
class VmlinuxTest {
    static Path vmlinux;
    static DebugInfo a;

    @BeforeAll
    static void open() {
        String p = System.getenv("MDWARF_VMLINUX");
        Assumptions.assumeTrue(p != null && Files.isRegularFile(Path.of(p)),
                "skipped: set MDWARF_VMLINUX=/path/to/vmlinux (scripts/fetch-debian-kernel.sh) to run the kernel checks");
        vmlinux = Path.of(p);
        a = DebugInfo.open(vmlinux);
    }

    @Test
    void structInodeLayoutMatchesGdb() throws Exception {
        for (String t : new String[] {"struct inode", "struct task_struct", "struct dentry"}) {
            List<String> expected = LayoutTest.gdbRows(vmlinux, t);
            assertTrue(expected.size() > 10, "gdb printed " + t);
            assertEquals(expected, LayoutTest.ourRows(a, t), t);
        }
    }

    @Test
    void assemblyEntryPointsMatchAddr2line() {
        List<String> cmd = new ArrayList<>(List.of("addr2line", "-f", "-i", "-s", "-a", "-e", vmlinux.toString()));
        for (String sym : new String[] {"entry_SYSCALL_64", "native_irq_return_iret", "memcpy_orig", "x86_verw_sel",
                "entry_SYSCALL_64_after_hwframe", "__switch_to_asm"}) {
            long at = a.symbolAddress(sym).orElseThrow();
            cmd.add("0x" + Long.toHexString(at));
            cmd.add("0x" + Long.toHexString(at + 5));
        }
        for (var e : SourceTest.parseAddr2line(Fixtures.run(cmd.toArray(new String[0]))).entrySet())
            assertEquals(e.getValue(), a.frames(e.getKey()), "pc 0x" + Long.toHexString(e.getKey()));
    }

    @Test
    void sampledPcsMatchAddr2line() {
        Random rnd = new Random(1);
        List<String> pcs = new ArrayList<>();
        var fns = a.index().functions;
        for (int i = 0; i < 400; i++) {
            int f = rnd.nextInt(fns.size());
            long len = Math.max(1, fns.hi(f) - fns.lo(f));
            pcs.add("0x" + Long.toHexString(fns.lo(f) + (long) (rnd.nextDouble() * len)));
        }
        List<String> cmd = new ArrayList<>(List.of("addr2line", "-f", "-i", "-s", "-a", "-e", vmlinux.toString()));
        cmd.addAll(pcs);
        Map<Long, List<Frame>> expected = SourceTest.parseAddr2line(Fixtures.run(cmd.toArray(new String[0])));
        // binutils 2.40 names the unit's primary file (core.c) for a few rows whose file entry is a header
        // (e.g. trace-event functions from include/trace/events/sched.h; readelf -wL shows the header). Such
        // rows may differ in the file name only; function, line and inline chain must be identical.
        int same = 0;
        List<String> diffs = new ArrayList<>();
        for (var e : expected.entrySet()) {
            List<Frame> ours = a.frames(e.getKey());
            if (e.getValue().equals(ours)) { same++; continue; }
            boolean fileOnly = ours.size() == e.getValue().size();
            for (int i = 0; fileOnly && i < ours.size(); i++) {
                Frame x = e.getValue().get(i), y = ours.get(i);
                fileOnly = java.util.Objects.equals(x.function(), y.function()) && x.line() == y.line();
            }
            if (!fileOnly) diffs.add("0x" + Long.toHexString(e.getKey()) + " addr2line " + e.getValue() + " ours " + ours);
        }
        assertEquals(List.of(), diffs.subList(0, Math.min(5, diffs.size())), same + " of " + expected.size() + " equal");
        assertTrue(same >= expected.size() * 0.98, same + " of " + expected.size() + " identical");
    }
}
