package org.mtrace.kernelhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.dwarf.DebugInfo;
import org.mtrace.format.EntryType;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.record.AppdataRecord;
import org.mtrace.format.record.AscopeRecord;
import org.mtrace.format.record.AvarRecord;
import org.mtrace.format.record.EntryRecord;
import org.mtrace.format.record.FcallRecord;
import org.mtrace.format.record.GcRecord;
import org.mtrace.format.record.GcepochRecord;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.LockRecord;
import org.mtrace.format.record.MachineRecord;
import org.mtrace.format.record.SchedRecord;
import org.mtrace.format.record.SegmentRecord;
import org.mtrace.format.record.TaskRecord;

/**
 * End to end through QEMU: boots a real kernel with the recorder plugin (bin/mtrace-record),
 * runs a static guest program that sends every guest-originated entry type through
 * mtrace-magic.h, and checks the log field by field against the values the program sent.
 * Needs qemu-system-x86_64 >= 9.2 and a kernel image named by the environment variable
 * MTRACE_KERNEL (scripts/fetch-recorder-deps.sh prints one); skipped without it.
 */
class RecorderBootTest {
    @TempDir Path tmp;

    @Test
    void everyGuestEntryTypeReachesTheLogThroughTheHypercall() throws Exception {
        // The program does not switch recording: by default init records it in movement mode.
        Path log = recordGuestProgram("hypercall_all", "--control=auto");

        List<EntryRecord> all = new ArrayList<>();
        try (LogReader r = LogReader.open(log)) {
            while (r.next()) {
                all.add(r.entry().toRecord());
            }
        }
        MachineRecord machine = (MachineRecord) all.get(0);
        assertEquals(2, machine.numCpus());
        // Guest entries in the order the program sent them (the workload runs nothing else).
        // (Accesses and init's mode switches around it are not the program's.)
        List<EntryRecord> guest = all.stream().filter(e -> e.type() != EntryType.MACHINE
                && e.type() != EntryType.HOST && e.type() != EntryType.ACCESS
                || e instanceof HostRecord h && h.hostType() == 3).toList();
        assertTrue(all.stream().anyMatch(e -> e.type() == EntryType.ACCESS), "init recorded the workload");
        LabelRecord label = (LabelRecord) guest.get(0);
        assertEquals(1, label.labelType());
        assertEquals("testobj", label.str());
        assertEquals(128, label.bytes());
        assertEquals(0x401000, label.pc());
        SegmentRecord seg = (SegmentRecord) guest.get(1);
        assertEquals(0x7000, seg.baseAddr());
        assertEquals(0x8000, seg.endAddr());
        assertEquals(3, seg.segmentCpu());
        LockRecord lock = (LockRecord) guest.get(2);
        assertEquals(0x9000, lock.lock());
        assertEquals("testlock", lock.str());
        assertEquals(2, lock.op());
        TaskRecord task = (TaskRecord) guest.get(3);
        assertEquals(77, task.tid());
        assertEquals(78, task.tgid());
        assertEquals("tasky", task.str());
        assertEquals(77, ((SchedRecord) guest.get(4)).tid());
        AppdataRecord app = (AppdataRecord) guest.get(5);
        assertEquals(9, app.appdataType());
        assertEquals(12345, app.u64());
        FcallRecord start = (FcallRecord) guest.get(6);
        assertEquals(555, start.tag());
        assertEquals(2, start.depth());
        assertEquals(1, start.state());
        assertEquals("scope1", ((AscopeRecord) guest.get(7)).name());
        assertTrue(((AvarRecord) guest.get(8)).write());
        assertTrue(((AscopeRecord) guest.get(9)).exit());
        assertEquals(2, ((FcallRecord) guest.get(10)).state());
        GcRecord gc = (GcRecord) guest.get(11);
        assertEquals(0x5000, gc.base());
        assertEquals("gcobj", gc.name());
        assertTrue(((GcepochRecord) guest.get(12)).begin());
        assertEquals(3, ((HostRecord) guest.get(13)).hostType());
        LabelRecord removal = (LabelRecord) guest.get(14); // the two malformed calls were dropped
        assertEquals(0, removal.bytes());
        assertEquals(label.guestAddr(), removal.guestAddr());
        assertEquals(15, guest.size());
        // The recorder owns the header: same CPU for the whole program, ts never decreasing.
        for (int i = 1; i < guest.size(); i++) {
            assertEquals(guest.get(0).header().cpu(), guest.get(i).header().cpu());
            assertTrue(guest.get(i).header().ts() >= guest.get(i - 1).header().ts());
        }
    }

    /** ascope mode: accesses are logged only while the CPU's call stack is inside an abstract scope. */
    @Test
    void ascopeModeLogsOnlyInsideTheScope() throws Exception {
        Path log = recordGuestProgram("ascope_mode", "--control=script"); // it switches recording itself
        int phase = 0; // 0 before the scope, 1 inside, 2 after
        int storesInside = 0;
        int outside = 0;
        try (LogReader r = LogReader.open(log)) {
            while (r.next()) {
                EntryRecord e = r.entry().toRecord();
                if (e instanceof AscopeRecord a) {
                    phase = a.exit() ? 2 : 1;
                } else if (e instanceof org.mtrace.format.record.AccessRecord a) {
                    assertTrue(a.traffic(), "ascope mode logs every enabled access with traffic");
                    if (phase == 1) {
                        storesInside += a.accessType() == 2 ? 1 : 0;
                    } else {
                        outside++;
                    }
                }
            }
        }
        assertEquals(2, phase);
        assertEquals(0, outside, "accesses logged outside the scope");
        assertTrue(storesInside >= 32, "stores inside the scope: " + storesInside);
    }

    /**
     * With the kernel hooks (needs MTRACE_VMLINUX too): a create/unlink workload must yield heap
     * labels named by real slab caches and openat system calls whose fcall pc is the address nm
     * gives for __x64_sys_openat.
     */
    @Test
    void kernelHooksLabelSlabObjectsAndReportSystemCalls() throws Exception {
        String kernel = System.getenv("MTRACE_KERNEL");
        String vmlinux = System.getenv("MTRACE_VMLINUX");
        assumeTrue(kernel != null && vmlinux != null && Files.isReadable(Path.of(vmlinux)),
                "MTRACE_KERNEL/MTRACE_VMLINUX not set: no hook test");
        Path root = Path.of("").toAbsolutePath().getParent();
        Path log = tmp.resolve("hooks.mtrace.gz");
        run(List.of(root.resolve("bin/mtrace-record").toString(), "--no-baseline", "--quiet",
                "--kernel", kernel, "--vmlinux", vmlinux, "--env", "ITER=5",
                "--workload", root.resolve("workloads/createunlink.sh").toString(),
                "--smp", "2", "-o", log.toString()));
        long openat = nmAddress(vmlinux, "__x64_sys_openat");
        java.util.Set<String> caches = new java.util.HashSet<>();
        int openatStarts = 0;
        try (LogReader r = LogReader.open(log)) {
            while (r.next()) {
                EntryRecord e = r.entry().toRecord();
                if (e instanceof LabelRecord l && l.labelType() == 1 && l.bytes() > 0) {
                    caches.add(l.str());
                } else if (e instanceof FcallRecord f && f.state() == 1 && f.pc() == openat) {
                    openatStarts++;
                }
            }
        }
        // named by their struct (kernel_memory.c names inode_cache "inode" and filp "file")
        assertTrue(caches.containsAll(List.of("dentry", "inode", "file")), "caches seen: " + caches);
        assertTrue(openatStarts >= 10, "openat fcall starts: " + openatStarts);
    }

    /**
     * Every function the plugin hooks is found in MTRACE_VMLINUX (6.1 and 6.12 name some
     * differently), at the address nm gives for the symbol the table line names.
     */
    @Test
    void everyHookedFunctionIsFoundAtItsSymbolsAddress() throws Exception {
        String vmlinux = System.getenv("MTRACE_VMLINUX");
        assumeTrue(vmlinux != null && Files.isReadable(Path.of(vmlinux)), "MTRACE_VMLINUX not set: no table test");
        StringWriter w = new StringWriter();
        HookTable.from(new DwarfHookFacts(DebugInfo.open(Path.of(vmlinux)))).write(w);
        Map<String, Long> nm = nmSymbols(vmlinux);
        int funcs = 0;
        for (String line : w.toString().split("\n")) {
            assertTrue(!line.startsWith("# missing func"), line);
            if (line.startsWith("func ")) {
                String[] f = line.split(" "); // func HANDLER ADDRESS [# SYMBOL]
                String symbol = f.length == 5 ? f[4] : f[1];
                assertEquals(nm.get(symbol), Long.parseUnsignedLong(f[2].substring(2), 16), line);
                funcs++;
            }
        }
        assertEquals(HookTable.FUNCTIONS.size(), funcs);
    }

    private static long nmAddress(String vmlinux, String symbol) throws IOException, InterruptedException {
        Long addr = nmSymbols(vmlinux).get(symbol);
        assertTrue(addr != null, symbol + " not in nm output");
        return addr;
    }

    /** Text (T/t) symbols of a vmlinux as nm lists them, first of a name kept. */
    private static Map<String, Long> nmSymbols(String vmlinux) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nm", vmlinux).redirectErrorStream(true).start();
        Map<String, Long> symbols = new HashMap<>();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 3 && (f[1].equals("T") || f[1].equals("t"))) {
                symbols.putIfAbsent(f[2], Long.parseUnsignedLong(f[0], 16));
            }
        }
        p.waitFor();
        return symbols;
    }

    /**
     * Compiles kernel-hooks/src/test/c/NAME.c statically, boots the kernel named by MTRACE_KERNEL
     * with it as the whole workload (no kernel hooks, 2 vCPUs) and returns the log.
     */
    private Path recordGuestProgram(String name, String control) throws IOException, InterruptedException {
        String kernel = System.getenv("MTRACE_KERNEL");
        assumeTrue(kernel != null && Files.isReadable(Path.of(kernel)), "MTRACE_KERNEL not set: no boot test");
        Path root = Path.of("").toAbsolutePath().getParent();
        Path program = tmp.resolve(name);
        run(List.of("cc", "-static", "-O1", "-I", root.resolve("kernel-hooks/include").toString(),
                root.resolve("kernel-hooks/src/test/c/" + name + ".c").toString(), "-o", program.toString()));
        Path workload = tmp.resolve(name + ".sh");
        Files.writeString(workload, name + "\n");
        Path log = tmp.resolve(name + ".mtrace.gz");
        run(List.of(root.resolve("bin/mtrace-record").toString(), "--no-hooks", "--no-baseline", "--quiet", control,
                "--kernel=" + kernel, "--workload=" + workload, "--add=" + program, "--smp=2", "-o", log.toString()));
        return log;
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n" + out);
    }
}
