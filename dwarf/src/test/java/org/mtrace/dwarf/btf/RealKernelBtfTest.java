package org.mtrace.dwarf.btf;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mtrace.dwarf.DebugInfo;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Opt-in: Debian's 6.1 bzImage (BTF) against the DWARF of its -dbg vmlinux, an independent source of the
 * same layouts. Skipped when either file is absent (paths as the recorder's dependency cache lays them out).
 */
class RealKernelBtfTest {
    private static final Path DEPS = Path.of(System.getProperty("user.home"), ".cache/mtrace/deps");
    private static final Path IMAGE = DEPS.resolve("image/boot/vmlinuz-6.1.0-50-cloud-amd64");
    private static final Path DBG = DEPS.resolve("dbg/usr/lib/debug/boot/vmlinux-6.1.0-50-cloud-amd64");

    @Test
    void structSizesAndFieldPathsMatchDwarf() {
        Assumptions.assumeTrue(Files.isRegularFile(IMAGE) && Files.isRegularFile(DBG), "6.1 image or -dbg vmlinux absent");
        BtfKernel btf = BtfKernel.open(IMAGE, null, w -> { });
        DebugInfo dwarf = DebugInfo.open(DBG);
        for (String type : new String[] {"task_struct", "dentry", "page", "inode", "rq", "mm_struct", "file"}) {
            long size = dwarf.typeSize(type).orElseThrow();
            assertEquals(size, btf.typeSize(type).orElseThrow(), "sizeof " + type);
            for (long off = 0; off < size; off += 4) {
                assertEquals(dwarf.describe(type, 0x1000, off, 0), btf.describe(type, 0x1000, off),
                        type + " offset " + off);
            }
        }
        // per-CPU variables (the ones BTF types): size and members as DWARF's variable at the symbol
        for (String variable : new String[] {"runqueues", "timer_bases", "cpu_tlbstate"}) {
            org.mtrace.dwarf.describe.VariableLayout d = dwarf.variableLayout(variable);
            BtfKernel.VariableType b = btf.variableType(variable);
            assertEquals(d.size(), b.size(), "sizeof " + variable);
            assertEquals(d.elementSize(), b.elementSize(), "element of " + variable);
            assertEquals(d.rows().stream().map(r -> r.offset() + " " + (r.end() - r.offset()) + " " + r.name()).toList(),
                    b.members().stream().map(m -> m.offset() + " " + m.size() + " " + m.name()).toList(), variable);
        }
        // timer_bases is an array of struct timer_base: one element's members, its size a DWARF sizeof
        assertEquals(dwarf.typeSize("timer_base").orElseThrow(), dwarf.variableLayout("timer_bases").elementSize());
    }
}
