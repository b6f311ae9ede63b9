package org.mtrace.mscan.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.Member;
import org.mtrace.mscan.kernel.ModuleRegions;
import org.mtrace.mscan.kernel.PerCpuRange;
import org.mtrace.mscan.kernel.StaticSymbol;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.scenario.ScenarioLog;

/**
 * The engine's side of the analysis contract: handlers registered up front get the typed view of
 * their type only, in rank and registration order, {@code recordedAccess} only while recording;
 * a failing analysis stops at once; a tracker's bug is an internal fault, the reader's exception a
 * log fault. Byte offsets follow FORMAT.md §2.1's entry sizes (host 108, access 54, label 124).
 */
class EngineTest {
    @TempDir
    Path dir;

    /** An analysis whose handlers are given by the test; it prints how many accesses it saw. */
    private static final class Probe implements Analysis {
        final String name;
        final java.util.function.Consumer<Handlers> handlers;
        int accesses;

        Probe(String name, java.util.function.Consumer<Handlers> handlers) {
            this.name = name;
            this.handlers = handlers;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void subscribe(Handlers on) {
            on.access((a, s) -> accesses++);
            handlers.accept(on);
        }

        @Override
        public void finish(TraceState state, JsonWriter out) {
            out.key(name).value(accesses);
        }
    }

    private static AnalysisCatalog catalog(Probe... probes) {
        AnalysisCatalog c = new AnalysisCatalog();
        int rank = 100;
        for (Probe p : probes) {
            c.register(new BasicProvider(p.name, "test", rank++, setup -> p) { });
        }
        return c;
    }

    private interface Body {
        void write(ScenarioLog s) throws IOException;
    }

    private Path log(Body body) throws IOException {
        Path log = dir.resolve("t.gz");
        try (ScenarioLog s = ScenarioLog.create(log)) {
            body.write(s);
        }
        return log;
    }

    @Test
    void handlersGetTheirTypesViewInRankAndRegistrationOrder() throws IOException {
        List<String> seen = new ArrayList<>();
        Probe second = new Probe("second", on -> on.recordedAccess((a, s) -> seen.add("second recorded " + a.pc())));
        Probe first = new Probe("first", on -> on.host((h, s) -> seen.add("first host mode " + h.mode()))
                .recordedAccess((a, s) -> seen.add("first recorded " + a.pc()))
                .access((a, s) -> seen.add("first any " + a.pc() + " cpu " + a.cpu() + " entry " + a.entry().index())));
        Path log = log(s -> s.mode(0, 1, 1, "t").load(2, 10, 0x1000, 8, true).mode(0, 0, 2, "")
                .store(3, 11, 0x1000, 8, true));
        Scan.Output out = Scan.run(catalog(first, second), FixedKernelInfo.empty(), log, List.of("second", "first"),
                Map.of());
        assertTrue(out.ok(), out.toString());
        assertEquals(List.of("first host mode 1", "first recorded 10", "first any 10 cpu 2 entry 1", "second recorded 10",
                "first host mode 0", "first any 11 cpu 3 entry 3"), seen);
        assertEquals("{\n  \"first\": 2,\n  \"second\": 2\n}\n", out.json());
    }

    @Test
    void aFailedAnalysisGetsNoFurtherHandlerCall() throws IOException {
        List<String> seen = new ArrayList<>();
        Probe failing = new Probe("failing", on -> on.access((a, s) -> {
            throw new AnalysisException("no more");
        }).access((a, s) -> seen.add("failing, second handler")));
        Probe other = new Probe("other", on -> on.access((a, s) -> seen.add("other " + a.pc())));
        Path log = log(s -> s.mode(0, 1, 1, "t").load(0, 10, 0x1000, 8, true).load(0, 11, 0x1000, 8, true));
        Scan.Output out = Scan.run(catalog(failing, other), FixedKernelInfo.empty(), log, List.of("failing", "other"),
                Map.of());
        assertEquals(List.of(log + ": entry 1 at byte offset 108: failing: no more"), out.result().failures());
        assertEquals(List.of("other 10", "other 11"), seen);
        assertEquals("{\n  \"other\": 2\n}\n", out.json());
    }

    /** Every type's handler gets that type's view: the view class is named after the type. */
    @Test
    void theViewOfEveryType() {
        byte[] buf = new byte[EntryType.MAX_ENTRY_SIZE];
        Entry e = new Entry();
        for (EntryType t : EntryType.values()) {
            buf[0] = (byte) t.code();
            e.bind(buf, 0, 0, 0);
            String expected = t.spelling().substring(0, 1).toUpperCase() + t.spelling().substring(1) + "View";
            assertEquals(expected, Handlers.view(e, t.code()).getClass().getSimpleName());
        }
    }

    /** A kernel boundary with a bug: it throws when told a module's region was loaded. */
    private static final class BrokenKernel implements KernelInfo, ModuleRegions {
        private final KernelInfo k = FixedKernelInfo.empty();

        @Override
        public void moduleRegionLoaded(String label, long base) {
            throw new IllegalStateException("kernel bug");
        }

        @Override
        public List<StaticSymbol> objectSymbols() {
            return k.objectSymbols();
        }

        @Override
        public PerCpuRange perCpuRange() {
            return k.perCpuRange();
        }

        @Override
        public String fieldPath(String typeName, long offset, long pcHint) {
            return k.fieldPath(typeName, offset, pcHint);
        }

        @Override
        public org.mtrace.dwarf.describe.VariablePath variableAt(long addr) {
            return k.variableAt(addr);
        }

        @Override
        public List<Member> members(String type) {
            return k.members(type);
        }

        @Override
        public String function(long pc) {
            return k.function(pc);
        }

        @Override
        public String source(long pc) {
            return k.source(pc);
        }

        @Override
        public List<String> sourceWithInlines(long pc) {
            return k.sourceWithInlines(pc);
        }
    }

    @Test
    void aTrackersExceptionIsAnInternalFaultNotALogFault() throws IOException {
        Probe probe = new Probe("probe", on -> { });
        Path log = log(s -> s.mode(0, 1, 1, "t").load(0, 10, 0x1000, 8, true)
                .label(0, LabelMaps.STATIC, "module:m:.text", 0xffffffffc0000000L, 64, 0)
                .load(0, 11, 0x1000, 8, true));
        Scan.Output out = Scan.run(catalog(probe), new BrokenKernel(), log, List.of("probe"), Map.of());
        PassResult r = out.result();
        assertNull(r.logFault());
        assertNull(r.traceFault());
        assertTrue(r.internalFault().startsWith(log + ": entry 2 at byte offset 162: mscan's trackers: internal error: "
                + "java.lang.IllegalStateException: kernel bug (at "), r.internalFault());
        assertTrue(r.internalFault().endsWith("; please report it"), r.internalFault());
        assertEquals("{\n  \"probe\": 1\n}\n", out.json()); // the prefix before the faulty entry
        assertEquals(List.of(), out.unmet());
    }

    /** What the command line maps to exit 70: a tracker's bug and an analysis's bug, not its AnalysisException. */
    @Test
    void internalErrorMeansABugOfMscanNotOfTheLog() throws IOException {
        Path log = log(s -> s.mode(0, 1, 1, "t").load(0, 10, 0x1000, 8, true)
                .label(0, LabelMaps.STATIC, "module:m:.text", 0xffffffffc0000000L, 64, 0));
        assertTrue(internalError(new BrokenKernel(), new Probe("probe", on -> { }), log));
        assertTrue(internalError(FixedKernelInfo.empty(), new Probe("probe", on -> on.access((a, s) -> {
            throw new IllegalStateException("analysis bug");
        })), log));
        assertFalse(internalError(FixedKernelInfo.empty(), new Probe("probe", on -> on.access((a, s) -> {
            throw new AnalysisException("the log lacks something");
        })), log));
        assertFalse(internalError(FixedKernelInfo.empty(), new Probe("probe", on -> { }), log));
    }

    private static boolean internalError(KernelInfo kernel, Probe probe, Path log) throws IOException {
        Engine engine = Pass.of(catalog(probe), kernel).diagnostics(w -> { }).add("probe").engine();
        try (LogReader reader = LogReader.open(log, ReaderOptions.STRICT)) {
            engine.run(reader, ProgressListener.NONE);
        }
        engine.finish(new JsonWriter(new StringWriter()));
        return engine.internalError();
    }

    @Test
    void theReadersExceptionStaysALogFault() throws IOException {
        Probe probe = new Probe("probe", on -> { });
        Path log = log(s -> {
            s.mode(0, 1, 1, "t");
            for (int i = 0; i < 2000; i++) {
                s.load(0, i, 0x1000, 8, true);
            }
        });
        byte[] gz = Files.readAllBytes(log);
        InputStream failing = new ByteArrayInputStream(gz) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (pos > gz.length / 2) {
                    throw new IllegalStateException("stream bug");
                }
                return super.read(b, off, Math.min(len, 64));
            }
        };
        Engine engine = Pass.of(catalog(probe), FixedKernelInfo.empty()).diagnostics(w -> { }).add("probe").engine();
        try (LogReader reader = LogReader.open(failing, "t.gz", ReaderOptions.STRICT)) {
            PassResult r = engine.run(reader, ProgressListener.NONE);
            assertNull(r.internalFault());
            assertNull(r.traceFault());
            assertTrue(r.logFault().getMessage().contains("stream bug"), r.logFault().getMessage());
            assertTrue(r.logFault().getMessage().startsWith("t.gz: "), r.logFault().getMessage());
            StringWriter json = new StringWriter();
            engine.finish(new JsonWriter(json));
            assertTrue(probe.accesses < 2000, json.toString()); // the reader reads ahead: perhaps none
            assertEquals("{\n  \"probe\": " + probe.accesses + "\n}\n", json.toString());
        }
    }
}
