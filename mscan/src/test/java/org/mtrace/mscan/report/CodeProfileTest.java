package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.mtrace.dwarf.describe.VariablePath;
import org.mtrace.mscan.kernel.KernelAttribution;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.PerCpuRange;
import org.mtrace.mscan.kernel.StaticSymbol;
import org.mtrace.mscan.lines.LineCore;
import org.mtrace.mscan.lines.LineSize;

class CodeProfileTest {
    /**
     * A stateless image: PCs below 0x2000 lie in function {@code f<pc / 256>}, whose PCs are spread
     * over three source files (the profile keeps its first PC's file); PCs above have no function.
     */
    private static final class Image implements KernelInfo {
        @Override
        public String function(long pc) {
            return pc < 0x2000 ? "f" + (pc >> 8) : null;
        }

        @Override
        public String source(long pc) {
            return function(pc) == null || pc % 3 == 0 ? null : function(pc) + " at file" + pc % 3 + ".c:" + pc;
        }

        @Override
        public List<String> sourceWithInlines(long pc) {
            return source(pc) == null ? List.of() : List.of(source(pc));
        }

        @Override
        public boolean concurrentCodeQueries() {
            return true;
        }

        @Override
        public List<StaticSymbol> objectSymbols() {
            return List.of();
        }

        @Override
        public PerCpuRange perCpuRange() {
            return PerCpuRange.NONE;
        }

        @Override
        public String fieldPath(String typeName, long offset, long pcHint) {
            return null;
        }

        @Override
        public VariablePath variableAt(long addr) {
            return null;
        }
    }

    private record Transfer(long addr, int cpu, boolean store, long pc, long syscall) {
    }

    /** Per name: transfers, distinct line addresses and (functions) the source file, counted naively. */
    private record Expected(Map<String, Long> transfers, Map<String, Set<Long>> lines, Map<String, String> source) {
        static Expected of() {
            return new Expected(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        }

        void add(String name, long line) {
            transfers.merge(name, 1L, Long::sum);
            lines.computeIfAbsent(name, k -> new HashSet<>()).add(line);
        }
    }

    /** Against a naive count over the transfers, on the caller's thread and on a second one. */
    @Test
    void equalsANaiveCountOfTheTransfers() {
        Random rnd = new Random(5);
        List<Transfer> transfers = new ArrayList<>();
        long[] syscalls = {0, 0x1005, 0x1105, 0x1205, 0x2305};
        for (int i = 0; i < 40_000; i++) {
            long line = 0x10000 + 64L * rnd.nextInt(i < 20_000 ? 500 : 3000); // later lines: a bitmap's worth
            long pc = rnd.nextInt(8) == 0 ? 0x2000 + rnd.nextInt(64) : 0x100 + rnd.nextInt(0x1e00);
            transfers.add(new Transfer(line + rnd.nextInt(64), rnd.nextInt(4), rnd.nextBoolean(), pc,
                    syscalls[rnd.nextInt(syscalls.length)]));
        }
        for (boolean secondCore : new boolean[] {false, true}) {
            for (String function : new String[] {null, "f7", "0x2001", "nowhere"}) {
                check(transfers, secondCore, function);
            }
        }
    }

    private static void check(List<Transfer> transfers, boolean secondCore, String function) {
        LineCore core = new LineCore(LineSize.DEFAULT);
        for (Transfer t : transfers) {
            core.count(t.addr, 1, t.cpu, t.store, t.pc, t.syscall, 0, 0);
        }
        core.endPass();
        KernelAttribution attribution = new KernelAttribution(new Image());
        LongFunction<String> sourceFile = pc -> {
            String s = attribution.kernel().source(pc);
            return s == null ? null : s.substring(s.indexOf(" at ") + 4, s.lastIndexOf(':'));
        };
        LongFunction<String> syscallName = entry -> "sys" + attribution.func(entry);

        Expected functions = Expected.of();
        Expected calls = Expected.of();
        Set<Long> functionLines = new HashSet<>();
        Set<String> sourceSought = new HashSet<>();
        for (Transfer t : transfers) { // in order: a function's source file is its first PC's with one
            long line = t.addr & ~63L;
            String f = attribution.func(t.pc);
            functions.add(f, line);
            if (!functions.source.containsKey(f) && sourceFile.apply(t.pc) != null) {
                functions.source.put(f, sourceFile.apply(t.pc));
            }
            sourceSought.add(f);
            if (f.equals(function)) {
                functionLines.add(line);
            }
            if (t.syscall != 0) {
                calls.add(syscallName.apply(t.syscall), line);
            }
        }

        CodeProfile code = new CodeProfile(core, attribution, function, sourceFile, syscallName, secondCore);
        code.start();
        code.finish();
        String where = (secondCore ? "second core" : "one core") + ", --function=" + function;
        assertEquals(functions.transfers, transfersOf(code.functions()), where);
        assertEquals(functions.lines, linesOf(code.functions(), core), where);
        Map<String, String> source = new TreeMap<>();
        code.functions().forEach((f, a) -> {
            if (a.source != null) {
                source.put(f, a.source);
            }
        });
        assertEquals(functions.source, source, where);
        assertEquals(sourceSought, code.functions().keySet(), where);
        assertEquals(calls.transfers, transfersOf(code.syscalls()), where);
        assertEquals(calls.lines, linesOf(code.syscalls(), core), where);
        Set<Long> gotLines = new HashSet<>();
        code.functionLines().forEach(id -> gotLines.add(core.address(id)));
        assertEquals(functionLines, gotLines, where);
    }

    private static Map<String, Long> transfersOf(Map<String, CodeProfile.NameAgg> aggs) {
        Map<String, Long> out = new TreeMap<>();
        aggs.forEach((name, a) -> out.put(name, a.transfers));
        return out;
    }

    /** Per name: its lines as addresses (every line id is checked, as the set has no iterator). */
    private static Map<String, Set<Long>> linesOf(Map<String, CodeProfile.NameAgg> aggs, LineCore core) {
        Map<String, Set<Long>> out = new TreeMap<>();
        aggs.forEach((name, a) -> {
            Set<Long> lines = new HashSet<>();
            for (int id = 0; id < core.lines(); id++) {
                if (a.lines.contains(id)) {
                    lines.add(core.address(id));
                }
            }
            assertEquals(lines.size(), a.lines.size(), name);
            out.put(name, lines);
        });
        return out;
    }
}
