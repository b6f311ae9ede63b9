package org.mtrace.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mtrace.format.EntryType;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.AscopeRecord;
import org.mtrace.format.record.CallRecord;
import org.mtrace.format.record.EntryRecord;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.LockRecord;
import org.mtrace.format.record.MachineRecord;
import org.mtrace.synth.recorder.TraceMode;

/**
 * Checks a generated log against the recording rules of FORMAT.md §5-6 and
 * the consistency mscan's trackers demand (MSCAN.md §4-5, §8.15), by
 * replaying the entries with state kept here, independent of the generator.
 */
class RecordingSemanticsTest {
    private static final int CPUS = 5;
    private static final long ENTRIES = 60_000;

    private static final Map<TraceMode, GeneratedLog> LOGS = new java.util.EnumMap<>(TraceMode.class);

    /** One log per mode, shared by the tests (they only read it). */
    private static synchronized GeneratedLog generate(TraceMode mode) throws Exception {
        GeneratedLog log = LOGS.get(mode);
        if (log == null) {
            log = GeneratedLog.of(SynthConfig.builder().cpus(CPUS).entries(ENTRIES).seed(7).mode(mode).calls(true)
                    .phases(3).build());
            LOGS.put(mode, log);
        }
        return log;
    }

    @ParameterizedTest
    @EnumSource(TraceMode.class)
    void logHasExactlyTheRequestedEntriesAndStartsWithOneMachineEntryPerCpu(TraceMode mode) throws Exception {
        GeneratedLog log = generate(mode);
        assertEquals(ENTRIES, log.entries.size());
        assertEquals(ENTRIES, log.stats.entries());
        for (int i = 0; i < CPUS; i++) {
            MachineRecord m = (MachineRecord) log.entries.get(i);
            assertEquals(CPUS, m.numCpus());
            assertEquals(0, m.header().cpu());
            assertEquals(0, m.header().ts());
            assertTrue(m.calls());
        }
        assertEquals(CPUS, log.all(MachineRecord.class).size());
    }

    @ParameterizedTest
    @EnumSource(TraceMode.class)
    void everyEntryTypeTheModeImpliesAppears(TraceMode mode) throws Exception {
        GeneratedLog log = generate(mode);
        Set<EntryType> seen = EnumSet.noneOf(EntryType.class);
        for (EntryRecord e : log.entries) {
            seen.add(e.type());
        }
        Set<EntryType> expected = EnumSet.allOf(EntryType.class);
        if (mode != TraceMode.ASCOPE) {
            expected.removeAll(EnumSet.of(EntryType.ASCOPE, EntryType.AVAR));
        }
        assertEquals(expected, seen);
    }

    @ParameterizedTest
    @EnumSource(TraceMode.class)
    void accessCountAndTimestampsFollowTheEmulator(TraceMode mode) throws Exception {
        GeneratedLog log = generate(mode);
        long nextAccess = 0;
        long[] lastTs = new long[CPUS];
        for (EntryRecord e : log.entries) {
            long count = e.header().accessCount();
            if (e instanceof AccessRecord a) {
                assertTrue(count >= nextAccess, "access indices increase");
                nextAccess = count + 1;
                assertEquals(0, a.header().ts());
                assertTrue(a.traffic());
                assertEquals(0x7f3a40000000L + (a.guestAddr() - (a.guestAddr() < 0xffffffff80000000L
                        ? 0xffff880000000000L : 0xffffffff80000000L)), a.hostAddr());
            } else {
                assertTrue(count >= nextAccess, "other entries carry the number of accesses so far");
                if (!(e instanceof CallRecord) && !(e instanceof MachineRecord)) {
                    int cpu = e.header().cpu();
                    assertTrue(e.header().ts() >= lastTs[cpu], "per-CPU instruction counts never go back");
                    lastTs[cpu] = e.header().ts();
                }
            }
        }
        assertEquals(log.stats.enabledAccesses(), log.entries.get(log.entries.size() - 1).header().accessCount());
        if (mode.filtered()) {
            assertTrue(log.stats.count(EntryType.ACCESS) < log.stats.enabledAccesses(),
                    "the movement filter drops accesses that move no line");
        } else {
            assertEquals(log.stats.count(EntryType.ACCESS), log.stats.enabledAccesses());
        }
    }

    @ParameterizedTest
    @EnumSource(TraceMode.class)
    void accessesAppearOnlyWhileRecordingAndRecordingEndsDisabled(TraceMode mode) throws Exception {
        GeneratedLog log = generate(mode);
        long recordMode = 0;
        int enables = 0;
        Map<Integer, Long> currentTag = new HashMap<>();
        Map<Long, Integer> scopeDepth = new HashMap<>();
        for (EntryRecord e : log.entries) {
            int cpu = e.header().cpu();
            if (e instanceof HostRecord h && h.hostType() == 1) {
                recordMode = h.mode();
                if (h.mode() != 0) {
                    enables++;
                    assertEquals(mode.recordMode().code(), h.mode());
                }
            } else if (e instanceof FcallRecord f) {
                currentTag.put(cpu, f.state() == 1 || f.state() == 4 ? f.tag() : 0L);
            } else if (e instanceof AscopeRecord s) {
                scopeDepth.merge(currentTag.get(cpu), s.exit() ? -1 : 1, Integer::sum);
            } else if (e instanceof AccessRecord) {
                assertTrue(recordMode != 0, "no access while recording is disabled");
                if (mode == TraceMode.ASCOPE) {
                    assertTrue(scopeDepth.getOrDefault(currentTag.getOrDefault(cpu, 0L), 0) > 0,
                            "ascope mode logs only accesses inside an abstract scope");
                }
            }
        }
        assertEquals(0, recordMode, "recording is disabled at the end (mscan's summary needs it)");
        assertEquals(3, enables, "one enable per phase");
    }

    @ParameterizedTest
    @EnumSource(TraceMode.class)
    void callStacksLocksAndLabelsAreConsistent(TraceMode mode) throws Exception {
        GeneratedLog log = generate(mode);
        Map<Integer, Long> current = new HashMap<>();
        Set<Long> registered = new HashSet<>();
        Map<Long, Integer> frames = new HashMap<>();
        Map<Long, Integer> heldBy = new HashMap<>();
        Set<Long> heapLabels = new HashSet<>();
        Set<Long> blockLabels = new HashSet<>();
        for (EntryRecord e : log.entries) {
            int cpu = e.header().cpu();
            Long cur = current.get(cpu);
            if (e instanceof FcallRecord f) {
                switch ((int) f.state()) {
                    case 1 -> {
                        assertTrue(cur == null, "start on a CPU without a current stack");
                        assertTrue(registered.add(f.tag()), "start of a new tag");
                        current.put(cpu, f.tag());
                    }
                    case 4 -> {
                        assertTrue(cur == null, "resume on a CPU without a current stack");
                        assertTrue(registered.contains(f.tag()), "resume of a known tag");
                        assertFalse(current.containsValue(f.tag()), "resume of a stack no CPU runs");
                        current.put(cpu, f.tag());
                    }
                    case 5 -> {
                        assertEquals(f.tag(), cur, "pause of the CPU's current stack");
                        current.remove(cpu);
                    }
                    case 2 -> {
                        assertEquals(f.tag(), cur, "done of the CPU's current stack");
                        registered.remove(f.tag());
                        current.remove(cpu);
                    }
                    default -> fail("unexpected fcall state " + f.state());
                }
            } else if (e instanceof CallRecord c && cur != null) {
                int depth = frames.getOrDefault(cur, 0) + (c.ret() == 0 ? 1 : -1);
                assertTrue(depth >= 0, "no return without a call on the stack");
                frames.put(cur, depth);
            } else if (e instanceof LockRecord l) {
                if (l.op() == 2) {
                    assertNull(heldBy.put(l.lock(), cpu), "lock acquired while held");
                } else if (l.op() == 3) {
                    assertEquals(cpu, heldBy.remove(l.lock()), "released by the CPU that holds it");
                }
            } else if (e instanceof LabelRecord l) {
                Set<Long> map = l.labelType() == 2 ? blockLabels : heapLabels;
                if (l.bytes() == 0) {
                    assertTrue(map.remove(l.guestAddr()), "removal of an existing label");
                } else {
                    assertTrue(map.add(l.guestAddr()), "no two labels start at one address");
                }
            }
        }
        assertTrue(registered.isEmpty(), "every call stack is finished by the end");
        assertTrue(heldBy.isEmpty(), "no lock is held at the end");
    }
}
