package org.mtrace.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.EntryRecord;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.format.record.GcRecord;
import org.mtrace.format.record.GcepochRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.LockRecord;
import org.mtrace.synth.recorder.TraceMode;
import org.mtrace.synth.workload.PatternMix;

/**
 * Each pattern, generated alone, produces the sharing it claims. Addresses
 * below are the scenario kernel's documented layout (docs/synth.md).
 */
class PatternSharingTest {
    private static final int CPUS = 8;
    private static final long NR_FILES = 0xffffffff81c0b040L;
    private static final long JIFFIES = 0xffffffff81c0a000L;
    private static final long PERCPU_BASE = 0xffff880002000000L;
    private static final long PERCPU_STRIDE = 0x8000;

    private static GeneratedLog only(String pattern, TraceMode mode) throws Exception {
        return GeneratedLog.of(SynthConfig.builder().cpus(CPUS).entries(30_000).seed(3).mode(mode)
                .mix(PatternMix.parse(pattern + "=1")).build());
    }

    private static boolean isStore(AccessRecord a) {
        return a.accessType() != 1;
    }

    @Test
    void trueSharingWritesOneAddressFromSeveralCpus() throws Exception {
        GeneratedLog log = only("true-sharing", TraceMode.MOVEMENT);
        Set<Integer> writers = new TreeSet<>();
        for (AccessRecord a : log.all(AccessRecord.class)) {
            if (isStore(a) && a.guestAddr() == NR_FILES) {
                writers.add(a.header().cpu());
            }
        }
        assertEquals(CPUS, writers.size(), "every CPU writes nr_files: " + writers);
    }

    @Test
    void falseSharingWritesDifferentLabelledObjectsOnOneLineFromDifferentCpus() throws Exception {
        GeneratedLog log = only("false-sharing", TraceMode.KERNELSCOPE);
        Map<Long, Map<Long, Set<Integer>>> writersByAddrByLine = new HashMap<>();
        for (AccessRecord a : log.all(AccessRecord.class)) {
            if (isStore(a)) {
                writersByAddrByLine.computeIfAbsent(a.guestAddr() & ~63L, k -> new HashMap<>())
                        .computeIfAbsent(a.guestAddr(), k -> new HashSet<>()).add(a.header().cpu());
            }
        }
        Map<Long, List<String>> countersOnLine = new HashMap<>();
        for (LabelRecord l : log.all(LabelRecord.class)) {
            if (l.str().equals("counter")) {
                countersOnLine.computeIfAbsent(l.guestAddr() & ~63L, k -> new java.util.ArrayList<>())
                        .add(l.str());
                assertEquals(16, l.bytes());
            }
        }
        int falselyShared = 0;
        for (Map.Entry<Long, List<String>> line : countersOnLine.entrySet()) {
            Map<Long, Set<Integer>> byAddr = writersByAddrByLine.get(line.getKey());
            assertEquals(4, line.getValue().size(), "four 16-byte counters per line");
            // each counter (address) is written by exactly one CPU, and the line by several
            Set<Integer> lineWriters = new HashSet<>();
            for (Set<Integer> w : byAddr.values()) {
                assertEquals(1, w.size(), "a counter is private to one CPU");
                lineWriters.addAll(w);
            }
            if (lineWriters.size() > 1) {
                falselyShared++;
            }
        }
        assertEquals(CPUS / 4, falselyShared);
        // neighbouring inode fields: i_size (offset 80) and i_atime (offset 88) share the inode's second line
        long inode = log.all(LabelRecord.class).stream().filter(l -> l.str().equals("inode")).findFirst()
                .orElseThrow().guestAddr();
        Map<Long, Set<Integer>> inodeLine = writersByAddrByLine.get(inode + 64);
        Set<Integer> sizeWriters = inodeLine.get(inode + 80);
        Set<Integer> atimeWriters = inodeLine.get(inode + 88);
        assertTrue(sizeWriters.size() > 1 && atimeWriters.size() > 1, sizeWriters + " / " + atimeWriters);
    }

    @Test
    void perCpuDataIsTouchedOnlyByItsOwnCpu() throws Exception {
        GeneratedLog log = only("percpu", TraceMode.KERNELSCOPE);
        int inAreas = 0;
        for (AccessRecord a : log.all(AccessRecord.class)) {
            long off = a.guestAddr() - PERCPU_BASE;
            if (off >= 0 && off < CPUS * PERCPU_STRIDE) {
                assertEquals(a.header().cpu(), off / PERCPU_STRIDE, "CPU touches only its own per-CPU area");
                inAreas++;
            }
        }
        assertTrue(inAreas > 1000);
    }

    @Test
    void perCpuDataMovesNoLinesOnceWarm() throws Exception {
        GeneratedLog log = only("percpu", TraceMode.MOVEMENT);
        Set<Long> lines = new HashSet<>();
        int perCpuTraffic = 0;
        for (AccessRecord a : log.all(AccessRecord.class)) {
            long off = a.guestAddr() - PERCPU_BASE;
            if (off >= 0 && off < CPUS * PERCPU_STRIDE) {
                perCpuTraffic++;
                lines.add(a.guestAddr() & ~63L);
            }
        }
        // each per-CPU line is logged at most a few times (first store after a reset), never again
        assertTrue(perCpuTraffic <= 2 * lines.size(), perCpuTraffic + " logged accesses on " + lines.size());
    }

    @Test
    void readMostlyDataIsReadEverywhereAndWrittenOnlyByTheTimerCpu() throws Exception {
        GeneratedLog log = only("read-mostly", TraceMode.KERNELSCOPE);
        Set<Integer> readers = new TreeSet<>();
        Set<Integer> writers = new TreeSet<>();
        for (AccessRecord a : log.all(AccessRecord.class)) {
            if (a.guestAddr() == JIFFIES) {
                (isStore(a) ? writers : readers).add(a.header().cpu());
            }
        }
        assertEquals(CPUS, readers.size());
        assertEquals(Set.of(0), writers);
    }

    @Test
    void pathWalkLinesStayReadOnlyOnlyTheDentryRefcountIsWritten() throws Exception {
        GeneratedLog log = only("read-mostly", TraceMode.KERNELSCOPE);
        List<Long> dentries = log.all(LabelRecord.class).stream().filter(l -> l.str().equals("dentry"))
                .map(LabelRecord::guestAddr).toList();
        assertEquals(13, dentries.size(), "root, 3 directories, 9 files");
        Set<Long> writtenOffsets = new TreeSet<>();
        Set<Integer> refcountWriters = new TreeSet<>();
        int reads = 0;
        for (AccessRecord a : log.all(AccessRecord.class)) {
            for (long d : dentries) {
                long off = a.guestAddr() - d;
                if (off >= 0 && off < 192) {
                    if (isStore(a)) {
                        writtenOffsets.add(off);
                        refcountWriters.add(a.header().cpu());
                    } else if (off < 64) {
                        reads++;
                    }
                }
            }
        }
        assertEquals(Set.of(88L), writtenOffsets, "only d_lockref (second line) is written");
        assertEquals(CPUS, refcountWriters.size());
        assertTrue(reads > 1000);
    }

    @Test
    void rcuObjectsAreAccessedOutsideAnEpochOnlyInTheInjectedForgottenWalks() throws Exception {
        GeneratedLog log = only("read-mostly", TraceMode.KERNELSCOPE);
        java.util.TreeMap<Long, Long> gcObjects = new java.util.TreeMap<>();
        for (GcRecord g : log.all(GcRecord.class)) {
            gcObjects.put(g.base(), g.nbytes());
        }
        Map<Integer, Long> tidOnCpu = new HashMap<>();
        Set<Long> inEpoch = new HashSet<>();
        int inside = 0;
        int outside = 0;
        for (EntryRecord e : log.entries) {
            int cpu = e.header().cpu();
            if (e instanceof FcallRecord f) {
                tidOnCpu.put(cpu, f.state() == 1 || f.state() == 4 ? f.tid() : 0L);
            } else if (e instanceof GcepochRecord g) {
                if (g.begin()) {
                    inEpoch.add(tidOnCpu.get(cpu));
                } else {
                    inEpoch.remove(tidOnCpu.get(cpu));
                }
            } else if (e instanceof AccessRecord a) {
                Map.Entry<Long, Long> obj = gcObjects.floorEntry(a.guestAddr());
                if (obj != null && a.guestAddr() < obj.getKey() + obj.getValue()) {
                    if (inEpoch.contains(tidOnCpu.get(cpu))) {
                        inside++;
                    } else {
                        outside++;
                    }
                }
            }
        }
        assertTrue(outside > 0, "the injected bug is there");
        assertTrue(outside * 20 < inside, outside + " outside vs " + inside + " inside an epoch");
    }

    @Test
    void lockHandoffMovesEachLockBetweenCpus() throws Exception {
        GeneratedLog log = only("lock-handoff", TraceMode.MOVEMENT);
        Map<Long, Integer> lastHolder = new HashMap<>();
        Map<Long, Integer> handoffs = new HashMap<>();
        for (LockRecord l : log.all(LockRecord.class)) {
            if (l.op() == 2) {
                Integer prev = lastHolder.put(l.lock(), l.header().cpu());
                if (prev != null && prev != l.header().cpu()) {
                    handoffs.merge(l.lock(), 1, Integer::sum);
                }
            }
        }
        assertEquals(2, handoffs.size(), "rename_lock and the inode's i_lock");
        handoffs.values().forEach(n -> assertTrue(n > 50, "lock handed between CPUs " + n + " times"));
        // the lock word itself is written by several CPUs, and the movement filter logs those stores
        Set<Integer> lockWordWriters = new TreeSet<>();
        for (AccessRecord a : log.all(AccessRecord.class)) {
            if (isStore(a) && handoffs.containsKey(a.guestAddr())) {
                lockWordWriters.add(a.header().cpu());
            }
        }
        assertEquals(CPUS, lockWordWriters.size());
    }

    @Test
    void aPatternWithWeightZeroLeavesNoTrace() throws Exception {
        GeneratedLog log = only("percpu", TraceMode.KERNELSCOPE);
        assertTrue(log.all(LockRecord.class).isEmpty());
        assertFalse(log.all(AccessRecord.class).stream().anyMatch(a -> a.guestAddr() == NR_FILES));
    }
}
