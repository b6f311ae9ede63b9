package org.mtrace.analyses.scopes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtrace.analyses.ScenarioRun.K;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.analyses.ScenarioRun;
import java.util.List;
import org.mtrace.format.FcallState;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.Header;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.scenario.ScenarioLog;

class AbstractSharingTest {
    @TempDir
    Path dir;

    private static void enter(ScenarioLog s, int cpu, String name) {
        ScenarioRun.ascope(s, cpu, false, name);
    }

    private static void exit(ScenarioLog s, int cpu, String name) {
        ScenarioRun.ascope(s, cpu, true, name);
    }

    private static void avar(ScenarioLog s, int cpu, boolean write, String name) {
        ScenarioRun.avar(s, cpu, write, name);
    }

    /** op1 (cpu 0) and op2 (cpu 1) share memory but no abstract variable; op2 and op3 the reverse. */
    private static void threeOperations(ScenarioLog s) {
        s.mode(0, 2, 1, "test");
        s.fcall(0, FcallState.START, 1, 0x1000, 0xa);
        s.fcall(1, FcallState.START, 2, 0x1000, 0xb);
        avar(s, 1, false, "q");                         // no open scope: warning
        enter(s, 0, "op1");
        avar(s, 0, false, "x");
        avar(s, 0, true, "y");
        avar(s, 0, false, "y");                         // already written: stays in awrite only
        s.store(0, 0x10, K + 0x100, 8, true);
        s.load(0, 0x11, K + 0x200, 8, true);
        exit(s, 0, "op1");
        enter(s, 1, "op2");
        avar(s, 1, false, "z");
        s.load(1, 0x20, K + 0x100, 8, true);
        exit(s, 1, "op2");
        enter(s, 1, "op4");                             // no abstract variables: not collected
        s.load(1, 0x23, K + 0x100, 8, true);
        exit(s, 1, "op4");
        s.fcall(1, FcallState.DONE_VALUE, 2, 0x1000, 0xb); // fatal in the original
        enter(s, 0, "op3");
        avar(s, 0, true, "z");                          // still open at the end: flushed
    }

    @Test
    void summaryScopesAndUnexpectedSharing() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), AbstractSharingTest::threeOperations,
                "unexpected-sharing", "abstract-scopes");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(ScenarioRun.lines("""
                {
                  "scope-summary": {
                    "total scopes": 3,
                    "compared scopes": 2,
                    "logically unshared/physically unshared": 0,
                    "logically shared  /physically shared": 0,
                    "logically unshared/physically shared": 1,
                    "logically shared  /physically unshared (imprecise spec)": 1
                  },
                  "abstract-scopes": [
                    {
                      "name": "op1",
                      "aread": [
                        "x" ],
                      "awrite": [
                        "y" ]
                    },
                    {
                      "name": "op2",
                      "aread": [
                        "z" ],
                      "awrite": [ ]
                    },
                    {
                      "name": "op3",
                      "aread": [ ],
                      "awrite": [
                        "z" ]
                    } ],
                  "unexpected-sharing": [
                    {
                      "s1": "op1",
                      "s2": "op2",
                      "shared": [
                        {
                          "addr": "0xffff880000000100",
                          "rawaddr": "0xffff880000000100",
                          "pc1": "0x10 at ??:0",
                          "pc2": "0x20 at ??:0",
                          "size": 8,
                          "type": "wr"
                        } ]
                    } ]
                }
                """), ScenarioRun.lines(r.json()));
        assertTrue(r.stderr().contains("avar without ascope: q\n"), r.stderr());
        assertTrue(r.stderr().contains("Warning: Abstract sharing without concrete sharing: op2 and op3 (z)\n"),
                r.stderr());
    }

    /**
     * {@code "addr2"} (MSCAN.md §6) is written only when both records are labelled with different
     * names: the original puts it inside its "this record is labelled" branch, so an unlabelled
     * record never gets one. Its value describes the other record (documented fix). Four scopes
     * on CPUs 0..3 touch K+0x300: a stores before any label, b loads under "obj", c loads and d
     * stores under "new".
     */
    @Test
    void addr2OnlyWhenBothRecordsAreLabelledDifferently() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 2, 1, "test");
            for (int cpu = 0; cpu < 4; cpu++) {
                s.fcall(cpu, FcallState.START, cpu + 1, 0x1000, 0x10 + cpu);
            }
            enter(s, 0, "a");
            avar(s, 0, true, "va");
            s.store(0, 0x10, K + 0x300, 8, true);
            exit(s, 0, "a");
            s.label(0, 1, "obj", K + 0x300, 64, 0);
            enter(s, 1, "b");
            avar(s, 1, true, "vb");
            s.load(1, 0x20, K + 0x300, 8, true);
            exit(s, 1, "b");
            s.label(0, 1, "obj", K + 0x300, 0, 0);
            s.label(0, 1, "new", K + 0x300, 64, 0);
            enter(s, 2, "c");
            avar(s, 2, true, "vc");
            s.load(2, 0x30, K + 0x300, 8, true);
            exit(s, 2, "c");
            enter(s, 3, "d");
            avar(s, 3, true, "vd");
            s.store(3, 0x40, K + 0x300, 8, true);
            exit(s, 3, "d");
        }, "unexpected-sharing");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(ScenarioRun.lines("""
                {
                  "scope-summary": {
                    "total scopes": 4,
                    "compared scopes": 6,
                    "logically unshared/physically unshared": 1,
                    "logically shared  /physically shared": 0,
                    "logically unshared/physically shared": 5
                  },
                  "unexpected-sharing": [
                    {
                      "s1": "a",
                      "s2": "b",
                      "shared": [
                        {
                          "addr": "0xffff880000000300",
                          "rawaddr": "0xffff880000000300",
                          "pc1": "0x10 at ??:0",
                          "pc2": "0x20 at ??:0",
                          "size": 8,
                          "type": "wr"
                        } ]
                    },
                    {
                      "s1": "a",
                      "s2": "c",
                      "shared": [
                        {
                          "addr": "0xffff880000000300",
                          "rawaddr": "0xffff880000000300",
                          "pc1": "0x10 at ??:0",
                          "pc2": "0x30 at ??:0",
                          "size": 8,
                          "type": "wr"
                        } ]
                    },
                    {
                      "s1": "a",
                      "s2": "d",
                      "shared": [
                        {
                          "addr": "0xffff880000000300",
                          "rawaddr": "0xffff880000000300",
                          "pc1": "0x10 at ??:0",
                          "pc2": "0x40 at ??:0",
                          "size": 8,
                          "type": "ww"
                        } ]
                    },
                    {
                      "s1": "b",
                      "s2": "d",
                      "shared": [
                        {
                          "addr": "obj+0x0",
                          "addr2": "new+0x0",
                          "rawaddr": "0xffff880000000300",
                          "pc1": "0x20 at ??:0",
                          "pc2": "0x40 at ??:0",
                          "size": 8,
                          "type": "rw"
                        } ]
                    },
                    {
                      "s1": "c",
                      "s2": "d",
                      "shared": [
                        {
                          "addr": "new+0x0",
                          "rawaddr": "0xffff880000000300",
                          "pc1": "0x30 at ??:0",
                          "pc2": "0x40 at ??:0",
                          "size": 8,
                          "type": "rw"
                        } ]
                    } ]
                }
                """), ScenarioRun.lines(r.json()));
    }

    @Test
    void abstractScopesAloneHasNoComparison() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), AbstractSharingTest::threeOperations,
                "abstract-scopes");
        assertTrue(r.json().startsWith("{\n  \"scope-summary\": {\n    \"total scopes\": 3\n  },\n  \"abstract-scopes\""),
                r.json());
        assertFalse(r.json().contains("unexpected-sharing"));
        assertFalse(r.stderr().contains("Warning: Abstract sharing"));
    }

    /** Fix: CPUs 31 and above have their own bits (the original's masks overlapped). */
    @Test
    void highCpusAreDistinct() throws IOException {
        int[] cpus = {31, 63, 70, 6};
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 2, 1, "test");
            for (int i = 0; i < cpus.length; i++) {
                int cpu = cpus[i];
                s.fcall(cpu, FcallState.START, cpu, 0x1000, 0x100 + cpu);
                enter(s, cpu, "op" + cpu);
                avar(s, cpu, false, "v" + cpu);
                long addr = K + (i < 2 ? 0 : 8);               // 31/63 share K, 70/6 share K+8
                if (i % 2 == 0) {
                    s.store(cpu, 0x10, addr, 8, true);
                } else {
                    s.load(cpu, 0x20, addr, 8, true);
                }
                exit(s, cpu, "op" + cpu);
            }
        }, "unexpected-sharing");
        assertTrue(r.output().ok(), r.output().toString());
        assertTrue(r.json().startsWith("""
                {
                  "scope-summary": {
                    "total scopes": 4,
                    "compared scopes": 6,
                    "logically unshared/physically unshared": 4,
                    "logically shared  /physically shared": 0,
                    "logically unshared/physically shared": 2
                  },
                """), r.json());
    }

    @Test
    void atMost25MatchesPerPair() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 2, 1, "test");
            s.fcall(0, FcallState.START, 1, 0x1000, 1);
            s.fcall(1, FcallState.START, 2, 0x1000, 2);
            enter(s, 0, "w");
            enter(s, 1, "r");
            avar(s, 0, true, "a");
            avar(s, 1, true, "b");
            for (int i = 0; i < 30; i++) {
                s.store(0, 0x10, K + 8L * i, 8, true);
                s.load(1, 0x20, K + 8L * i, 8, true);
                s.store(1, 0x21, K + 0x1000 + 8L * i, 8, true); // ww matches come after the wr ones
                s.store(0, 0x11, K + 0x1000 + 8L * i, 8, true);
            }
        }, "unexpected-sharing");
        assertEquals(26, r.json().split("\"type\"").length, r.json());
        assertEquals(26, r.json().split("\"type\": \"wr\"").length);
    }

    /** An access of an undefined type inside a scope is the original's die (outside any scope it is ignored). */
    @Test
    void unknownAccessTypeInAScopeIsAnError() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 2, 1, "test");
            s.fcall(0, FcallState.START, 1, 0x1000, 1);
            s.raw(new AccessRecord(new Header(0, 0, 0), 0, true, false, false, 0x10, 0, K, 8)); // no scope: ignored
            enter(s, 0, "op");
            s.raw(new AccessRecord(new Header(0, 0, 0), 4, true, false, false, 0x10, 0, K, 8));
        }, "abstract-scopes", "serial-length");
        // host 108 + fcall 54 + access 54 + ascope 89 bytes before it (FORMAT.md §2.1)
        assertEquals(1, r.output().result().failures().size());
        assertTrue(r.output().result().failures().get(0).endsWith(
                ": entry 4 at byte offset 305: abstract-scopes: AbstractSharing::CallStack::handle: unknown access type"),
                r.output().result().failures().get(0));
        assertEquals("{\n  \"sections\": [ ]\n}\n", r.json());
    }

    /**
     * The original died at the first entry recorded in another mode; here the declared requirement
     * (recording in ascope mode) says after the pass that this log cannot serve the analysis, and
     * nothing fails.
     */
    @Test
    void movementModeOnlyIsAnUnmetRequirement() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 1, 1, "test");
            s.load(0, 0x10, K, 8, true);
        }, "abstract-scopes", "serial-length");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(List.of("abstract-scopes: needs recording in ascope mode, but this log recorded only in movement "
                + "mode: its result says nothing about this log", "serial-length: needs lock entries, but this log has "
                + "none: its result says nothing about this log"), r.output().unmet());
        assertEquals("abstract-scopes: entries recorded in movement mode are left out: abstract scopes need ascope "
                + "mode\n", r.stderr());
        assertEquals("""
                {
                  "scope-summary": {
                    "total scopes": 0
                  },
                  "abstract-scopes": [ ],
                  "sections": [ ]
                }
                """, r.json());
    }

    /** A movement phase after an ascope phase: its scope is left out, the ascope phase's is reported. */
    @Test
    void scopesOfAnotherModeAreLeftOut() throws IOException {
        ScenarioRun.Result r = ScenarioRun.run(dir, FixedKernelInfo.empty(), s -> {
            s.mode(0, 2, 1, "test");
            s.fcall(0, FcallState.START, 1, 0x1000, 0xa);
            enter(s, 0, "in-ascope");
            avar(s, 0, false, "x");
            s.store(0, 0x10, K + 0x100, 8, true);
            exit(s, 0, "in-ascope");
            s.mode(0, 1, 2, "test");
            enter(s, 0, "in-movement");
            avar(s, 0, true, "y");
            s.store(0, 0x11, K + 0x100, 8, true);
            exit(s, 0, "in-movement");
        }, "abstract-scopes");
        assertTrue(r.output().ok(), r.output().toString());
        assertEquals(List.of(), r.output().unmet());
        assertEquals("abstract-scopes: entries recorded in movement mode are left out: abstract scopes need ascope "
                + "mode\n", r.stderr());
        assertEquals("""
                {
                  "scope-summary": {
                    "total scopes": 1
                  },
                  "abstract-scopes": [
                    {
                      "name": "in-ascope",
                      "aread": [
                        "x" ],
                      "awrite": [ ]
                    } ]
                }
                """, r.json());
    }
}
