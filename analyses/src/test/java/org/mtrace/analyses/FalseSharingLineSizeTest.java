package org.mtrace.analyses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.mscan.engine.Scan;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * false-sharing at {@code --line-size} 32, 64 and 128 on one hand-worked log. Objects: a
 * (HEAP, 0x40 bytes), b (HEAP+0x40, 0x10), e (HEAP+0x200, 0x20), f (HEAP+0x220, 0x10); PC_A loads
 * HEAP+8, PC_B loads HEAP+0x208. With 64-byte lines PC_A's line holds a alone, PC_B's holds e and
 * f; 128-byte lines add b to PC_A's line; 32-byte lines leave every line one object.
 */
class FalseSharingLineSizeTest {
    @TempDir
    Path dir;

    /** PC_B's entry (at column 0; {@link #E_AND_F} is it as the document's array holds it). */
    private static final String PC_B_ENTRY = """
              {
                "pc": "0xffffffff81000404",
                "instances": [
                  {
                    "name": "e",
                    "alloc-pc": "0xffffffff81000300",
                    "alloc-info": "kmalloc at slab.c:5"
                  },
                  {
                    "name": "f",
                    "alloc-pc": "0xffffffff81000300",
                    "alloc-info": "kmalloc at slab.c:5"
                  } ]
              }""";
    private static final String E_AND_F = PC_B_ENTRY.indent(2).stripTrailing();

    @Test
    void sixtyFourByteLines() throws IOException {
        assertEquals(Scenarios.document("\"false-sharing\": [\n" + E_AND_F + " ]"), run(64));
    }

    @Test
    void lines128BytesLong() throws IOException {
        assertEquals(Scenarios.document("""
                "false-sharing": [
                  {
                    "pc": "0xffffffff81000400",
                    "instances": [
                      {
                        "name": "a",
                        "alloc-pc": "0xffffffff81000300",
                        "alloc-info": "kmalloc at slab.c:5"
                      },
                      {
                        "name": "b",
                        "alloc-pc": "0xffffffff81000100",
                        "alloc-info": "sys_open at open.c:10"
                      } ]
                  },
                """ + E_AND_F + " ]"), run(128));
    }

    @Test
    void lines32BytesLong() throws IOException {
        assertEquals(Scenarios.document("\"false-sharing\": [ ]"), run(32));
    }

    /**
     * The command line's {@code --line-size} reaches the analyses (the same document as the pass
     * given the argument, with the 128-byte line's b), and bad sizes are usage errors.
     */
    @Test
    void commandLineOption() throws IOException {
        Path log = write(dir.resolve("cli.log"));
        MscanCli.Run r = MscanCli.run("--quiet", "--line-size=128", "false-sharing", log.toString());
        assertEquals(0, r.status(), r.stderr());
        assertEquals(Scan.run(AnalysisCatalog.load(), FixedKernelInfo.empty(), log, List.of("false-sharing"),
                Map.of("line-size", List.of("128"))).json(), r.stdout());
        assertTrue(r.stdout().contains("\"name\": \"b\""), r.stdout());
        MscanCli.Run bad = MscanCli.run("--line-size=48", "false-sharing", log.toString());
        assertEquals(2, bad.status());
        assertEquals("mscan: --line-size: line size must be a power of two from 8 to 4096 (got 48) (see mscan --help)\n",
                bad.stderr());
    }

    private String run(int lineSize) throws IOException {
        Path log = write(dir.resolve("fs-" + lineSize + ".log"));
        Map<String, List<String>> args = lineSize == 64 ? Map.of() : Map.of("line-size", List.of("" + lineSize));
        return Scenarios.run(log, List.of("false-sharing"), args).json();
    }

    private static Path write(Path log) throws IOException {
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30).mode(0, 1, 1000, "bench")
                    .label(0, LabelMaps.HEAP, "a", Scenarios.HEAP, 0x40, Scenarios.KMALLOC)
                    .label(0, LabelMaps.HEAP, "b", Scenarios.HEAP + 0x40, 0x10, Scenarios.SYS_OPEN)
                    .label(0, LabelMaps.HEAP, "e", Scenarios.HEAP + 0x200, 0x20, Scenarios.KMALLOC)
                    .label(0, LabelMaps.HEAP, "f", Scenarios.HEAP + 0x220, 0x10, Scenarios.KMALLOC)
                    .load(0, Scenarios.PC_A, Scenarios.HEAP + 8, 8, true)
                    .load(1, Scenarios.PC_B, Scenarios.HEAP + 0x208, 8, true);
        }
        return log;
    }
}
