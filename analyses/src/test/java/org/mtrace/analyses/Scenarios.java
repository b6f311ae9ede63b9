package org.mtrace.analyses;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mtrace.format.FcallState;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.mscan.engine.Scan;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.scenario.ScenarioLog;

/** Shared scenario logs and the kernel they were "recorded" with. */
final class Scenarios {
    static final long SYS_OPEN = 0xffffffff81000100L;
    static final long KMALLOC = 0xffffffff81000300L;
    static final long PC_A = 0xffffffff81000400L;
    static final long PC_B = 0xffffffff81000404L;
    static final long PC_C = 0xffffffff81000408L;
    static final long PC_D = 0xffffffff8100040cL;
    static final long HEAP = 0xffff880000001000L;

    private Scenarios() {
    }

    static FixedKernelInfo kernel() {
        return new FixedKernelInfo()
                .pc(SYS_OPEN, "sys_open", "open.c:10")
                .pc(KMALLOC, "kmalloc", "slab.c:5");
    }

    /**
     * Two CPUs; two 32-byte heap objects share line HEAP; one system call (tid 7) completes on
     * CPU 0, another (tid 8) is paused on CPU 1 and resumed after recording stopped.
     */
    static void basic(Path log) throws IOException {
        try (ScenarioLog s = ScenarioLog.create(log)) {
            s.machine(2, 1 << 30)
                    .mode(0, 1, 1000, "bench")
                    .appdata(6)
                    .label(0, LabelMaps.HEAP, "inode", HEAP, 0x20, KMALLOC)
                    .label(0, LabelMaps.HEAP, "dentry", HEAP + 0x20, 0x20, KMALLOC)
                    .fcall(0, FcallState.START, 7, SYS_OPEN, 0x100)
                    .call(0, 0xffffffff81000500L, 0xffffffff81000110L)
                    .store(0, PC_A, HEAP + 0x08, 8, true)
                    .load(0, PC_B, HEAP + 0x40, 8, true)
                    .load(0, PC_B, HEAP + 0x08, 8, false)
                    .fcall(0, FcallState.DONE, 7, SYS_OPEN, 0x100)
                    .fcall(1, FcallState.START, 8, SYS_OPEN, 0x200)
                    .store(1, PC_A, HEAP + 0x28, 8, true)
                    .fcall(1, FcallState.PAUSE, 8, SYS_OPEN, 0x200)
                    .store(1, PC_C, 0xffff880000002000L, 8, true)
                    .mode(0, 0, 1500, "")
                    .store(0, PC_D, HEAP, 8, true)
                    .fcall(1, FcallState.RESUME, 8, SYS_OPEN, 0x200);
        }
    }

    /** The top-level document holding these top-level entries (written at column 0 in tests). */
    static String document(String... entries) {
        StringBuilder sb = new StringBuilder("{\n");
        for (int i = 0; i < entries.length; i++) {
            sb.append(entries[i].indent(2).stripTrailing()).append(i + 1 < entries.length ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    static Scan.Output run(Path log, List<String> analyses) throws IOException {
        return run(log, analyses, Map.of());
    }

    static Scan.Output run(Path log, List<String> analyses, Map<String, List<String>> args) throws IOException {
        return Scan.run(AnalysisCatalog.load(), kernel(), log, analyses, args);
    }

    /** {@link #run} split over two threads by cache line ({@code SplitPass}). */
    static Scan.Output runSplit(Path log, List<String> analyses, Map<String, List<String>> args) throws IOException {
        return Scan.runSplit(AnalysisCatalog.load(), kernel(), log, analyses, args);
    }
}
