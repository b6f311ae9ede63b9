package org.mtrace.mscan.lines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The line core's one table (the transfer model's masks by physical line, the counters and byte
 * masks by guest line) against a plain reference: a map of masks per physical line with the
 * recorder's rule written out, and maps of counts and masks per guest line and CPU, fed the way
 * the report's collector feeds the core.
 */
class LineCoreTest {
    private static final long PAGE = 4096;

    /** Per guest line: per CPU loads, stores, load mask, store mask. */
    private static final class RefLine {
        final long[] loads = new long[64];
        final long[] stores = new long[64];
        final long[] loadMask = new long[64];
        final long[] storeMask = new long[64];
    }

    /** The reference: the model's masks, and the counted lines in order of first counted transfer. */
    private static final class Reference {
        final LineSize lineSize;
        final Map<Long, Long> held = new HashMap<>();
        final Map<Long, RefLine> lines = new LinkedHashMap<>();

        Reference(LineSize lineSize) {
            this.lineSize = lineSize;
        }

        boolean move(long hostLine, int cpu, boolean store) {
            long before = held.getOrDefault(hostLine, -1L); // after a reset every CPU holds every line
            boolean transfer = store ? before != 1L << cpu : (before & 1L << cpu) == 0;
            if (transfer) {
                held.put(hostLine, store ? 1L << cpu : before | 1L << cpu);
            }
            return transfer;
        }

        void count(long addr, int bytes, int cpu, boolean store) {
            RefLine l = lines.computeIfAbsent(lineSize.lineOf(addr), k -> new RefLine());
            int offset = lineSize.offsetOf(addr);
            long mask = 0;
            for (int b = offset; b < Math.min(lineSize.bytes(), offset + Math.max(bytes, 1)); b++) {
                mask |= 1L << (b / lineSize.granule());
            }
            if (store) {
                l.stores[cpu]++;
                l.storeMask[cpu] |= mask;
            } else {
                l.loads[cpu]++;
                l.loadMask[cpu] |= mask;
            }
        }
    }

    @Test
    void oneTableAgreesWithAPlainModelAcrossAliasesStraddlesResetsAndGrowth() {
        check(LineSize.DEFAULT, 40, 7);
        check(LineSize.of(16), 6, 8); // short lines: more straddles, sub-page offsets
        check(LineSize.of(256), 64, 9); // granules of 4 bytes; every CPU the masks can tell apart
    }

    private static void check(LineSize lineSize, int cpus, long seed) {
        Random rnd = new Random(seed);
        LineCore core = new LineCore(lineSize);
        Reference ref = new Reference(lineSize);
        // guest pages over physical pages: some guest pages share a physical page (aliases), and
        // pages are remapped while the trace runs (a physical page freed and used at another address)
        int guestPages = 3_000;
        int physPages = 2_000;
        long[] physOf = new long[guestPages];
        for (int g = 0; g < guestPages; g++) {
            physOf[g] = rnd.nextInt(physPages);
        }
        long filtered = 1L << rnd.nextInt(cpus); // one CPU's transfers move lines but are not counted
        int lineBytes = lineSize.bytes();
        for (int i = 0; i < 120_000; i++) {
            if (i % 50_000 == 49_999) {
                core.reset();
                ref.held.clear();
            }
            if (i % 1_000 == 0) {
                physOf[rnd.nextInt(guestPages)] = rnd.nextInt(physPages);
            }
            int g = i < 2_000 ? rnd.nextInt(4) : rnd.nextInt(guestPages); // a few hot pages first
            long offset = rnd.nextInt(8) == 0 ? PAGE - 1 - rnd.nextInt(lineBytes) // near the page end
                    : lineBytes * (long) rnd.nextInt((int) (PAGE / lineBytes)) + rnd.nextInt(lineBytes);
            long guest = 0xffff888000000000L + g * PAGE + offset;
            long host = 0x7f0000000000L + physOf[g] * PAGE + offset;
            int bytes = 1 << rnd.nextInt(4);
            int cpu = rnd.nextInt(cpus);
            boolean store = rnd.nextInt(3) == 0;

            long firstHost = lineSize.lineOf(host);
            long lastHost = lineSize.lineOf(host + bytes - 1);
            int expected = (ref.move(firstHost, cpu, store) ? TransferModel.FIRST_LINE : 0)
                    | (lastHost != firstHost && ref.move(lastHost, cpu, store) ? TransferModel.LAST_LINE : 0);
            int moved = core.access(host, guest, bytes, cpu, store);
            assertEquals(expected, moved, "access " + i);
            if (moved == 0 || (filtered & 1L << cpu) != 0) {
                continue;
            }
            long last = lineSize.lineOf(guest + bytes - 1); // as the report's collector splits an access
            if ((moved & TransferModel.FIRST_LINE) != 0) {
                int inFirst = last == lineSize.lineOf(guest) ? bytes : (int) (last - guest);
                core.count(guest, inFirst, cpu, store, 0x1000 + cpu, 0, 0, 0);
                ref.count(guest, inFirst, cpu, store);
            }
            if ((moved & TransferModel.LAST_LINE) != 0) {
                core.count(last, (int) (guest + bytes - last), cpu, store, 0x1000 + cpu, 0, 0, 0);
                ref.count(last, (int) (guest + bytes - last), cpu, store);
            }
        }
        compare(core, ref, cpus, "before endPass");
        core.endPass();
        compare(core, ref, cpus, "after endPass");
    }

    private static void compare(LineCore core, Reference ref, int cpus, String when) {
        List<Long> order = new ArrayList<>(ref.lines.keySet());
        assertEquals(order.size(), core.lines(), when);
        for (int id = 0; id < order.size(); id++) {
            long line = order.get(id);
            RefLine r = ref.lines.get(line);
            assertEquals(line, core.address(id), when);
            long reads = 0;
            long writes = 0;
            long readers = 0;
            long writers = 0;
            for (int c = 0; c < cpus; c++) {
                String at = when + ": line " + Long.toHexString(line) + " CPU " + c;
                assertEquals(r.loads[c], core.cpuReads(id, c), at);
                assertEquals(r.stores[c], core.cpuWrites(id, c), at);
                assertEquals(r.loadMask[c], core.readMaskOf(id, c), at);
                assertEquals(r.storeMask[c], core.writeMaskOf(id, c), at);
                reads += r.loads[c];
                writes += r.stores[c];
                readers |= r.loads[c] != 0 ? 1L << c : 0;
                writers |= r.stores[c] != 0 ? 1L << c : 0;
            }
            assertEquals(reads, core.reads(id), when);
            assertEquals(writes, core.writes(id), when);
            assertEquals(reads + writes, core.transfers(id), when);
            assertEquals(readers, core.readers(id), when);
            assertEquals(writers, core.writers(id), when);
            assertEquals(writers != 0 && Long.bitCount(readers | writers) >= 2, core.shared(id), when);
            assertEquals(trueSharing(r, cpus), core.trueSharing(id), when);
        }
    }

    /** Some CPU's stored bytes meet bytes another CPU loaded or stored. */
    private static boolean trueSharing(RefLine r, int cpus) {
        for (int a = 0; a < cpus; a++) {
            for (int b = 0; b < cpus; b++) {
                if (a != b && (r.storeMask[a] & (r.loadMask[b] | r.storeMask[b])) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Hand-worked: one physical line under two guest addresses is one model line and two report lines. */
    @Test
    void aPhysicalLineSeenUnderTwoGuestLinesMovesAsOneAndCountsAsTwo() {
        LineCore core = new LineCore(LineSize.DEFAULT);
        long host = 0x7f0000001040L;
        long kernel = 0xffff888000001040L; // the direct map
        long user = 0x0000555500000040L;   // the same page mapped into a process
        assertEquals(TransferModel.FIRST_LINE, core.access(host, kernel, 8, 0, true)); // {all} -> {0}
        core.count(kernel, 8, 0, true, 0x1000, 0, 0, 0);
        assertEquals(TransferModel.FIRST_LINE, core.access(host + 8, user + 8, 4, 1, false)); // {0} -> {0,1}
        core.count(user + 8, 4, 1, false, 0x2000, 0, 0, 0);
        assertEquals(0, core.access(host + 16, user + 16, 4, 1, false)); // CPU 1 holds it: no transfer
        assertEquals(TransferModel.FIRST_LINE, core.access(host, kernel, 8, 1, true)); // {0,1} -> {1}
        core.count(kernel, 8, 1, true, 0x3000, 0, 0, 0);
        core.endPass();
        assertEquals(2, core.lines());
        assertEquals(kernel, core.address(0));
        assertEquals(user, core.address(1));
        assertEquals(0b11, core.writers(0));
        assertEquals(0xffL, core.writeMaskOf(0, 0));
        assertEquals(0xffL, core.writeMaskOf(0, 1));
        assertEquals(0b10, core.readers(1));
        assertEquals(0xf00L, core.readMaskOf(1, 1));
        assertEquals(1, core.cpuReads(1, 1));
        assertEquals(0, core.cpuReads(1, 0));
    }
}
