package org.mtrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.dwarf.DebugInfo;
import org.mtrace.mscan.report.ReportCommand;
import org.mtrace.synth.kernel.KernelData;
import org.mtrace.synth.kernel.KernelFunction;
import org.mtrace.synth.kernel.KernelText;
import org.mtrace.synth.kernel.KernelTypes;
import org.mtrace.synth.kernel.StructType;

/**
 * The README's first command: examples/demo-kernel.elf (gcc-built by examples/demo-kernel/build.sh)
 * must describe the synthetic kernel of examples/demo.mtrace.gz exactly as bin/mtrace-synth lays
 * it out, and the report on the pair must show what docs/synth.md says the patterns do.
 */
class DemoKernelTest {
    static final Path ELF = Path.of("..", "examples", "demo-kernel.elf");
    static final Path LOG = Path.of("..", "examples", "demo.mtrace.gz");

    @Test
    void theElfDescribesTheSyntheticKernel() {
        DebugInfo elf = DebugInfo.open(ELF);
        for (StructType t : KernelTypes.ALL) {
            assertEquals(t.size(), elf.typeSize(t.name()).orElse(-1), t.name());
            for (StructType.Field f : t.fields()) {
                assertEquals(f.offset(), elf.fieldOffset(t.name(), f.name()).orElse(-1), t.name() + "." + f.name());
            }
        }
        for (KernelFunction f : KernelText.ALL) {
            assertEquals(f.name(), elf.function(f.at(4)), f.name());
        }
        assertEquals(KernelData.NR_FILES.addr(), elf.symbolAddress("nr_files").orElse(0));
        assertEquals(KernelData.RENAME_LOCK.addr(), elf.symbolAddress("rename_lock").orElse(0));
    }

    @Test
    void theReportShowsThePatternsOfDocsSynth(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ReportCommand.run(List.of("--quiet", "--kernel=" + ELF, "--csv=" + dir, LOG.toString()),
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, err.toString());
        // false-sharing pattern: each CPU updates its own 16-byte counter, four to a line
        String counter = row(dir.resolve("types.csv"), "counter,");
        String[] c = counter.split(",");
        assertTrue(Long.parseLong(c[2]) > 0 && c[2].equals(c[4]) && c[3].equals("0"), counter);
        // true-sharing pattern: every CPU increments the hot inode's i_count and nr_files
        String iCount = row(dir.resolve("fields.csv"), "inode,i_count,");
        String[] f = iCount.split(",");
        assertEquals("328", f[2], iCount);
        assertTrue(Long.parseLong(f[4]) > 0 && f[4].equals(f[5]), iCount);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("nr_files") && text.contains("_raw_spin_lock at demo-kernel.c:"), text);
    }

    private static String row(Path csv, String prefix) throws Exception {
        return Files.readAllLines(csv).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no " + prefix + ")");
    }
}
