package org.mtrace.format.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtrace.format.FaultKind;
import org.mtrace.format.SchedView;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.format.record.EntryRecord;
import org.mtrace.format.record.FaultRecord;
import org.mtrace.format.record.Header;

/**
 * Page-fault entries (docs/format-io.md "Page-fault entries") decoded from bytes laid out by hand
 * at the documented offsets, as the recorder's kernel_faults.c writes them: a sched entry (type 9)
 * of 104 bytes, tid at 24, "pflt" at 32, kind 36, pc 40, address 48, page 56, flags 64, result 68,
 * hash 72, tgid 80, vm_start 88, vm_end 96.
 */
class PageFaultEntryTest {

    /** A swap-in fault of pid 101 (tgid 100) on CPU 1 at ts 5000, built byte by byte. */
    static byte[] swapInFault(int size, int magic) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 9).putShort(4, (short) size).putShort(6, (short) 1).putLong(8, 77).putLong(16, 5000);
        b.putLong(24, 101);
        if (size >= 104) {
            b.putInt(32, magic).putInt(36, 3).putLong(40, 0x4016a6L).putLong(48, 0x7f0000123456L)
                    .putLong(56, 0).putInt(64, 0x1255).putInt(68, 0x4).putLong(72, 0)
                    .putLong(80, 100).putLong(88, 0x7f0000000000L).putLong(96, 0x7f0001000000L);
        }
        return b.array();
    }

    static LogReader reader(byte[] raw) throws IOException {
        LogReader r = LogReader.open(new ByteArrayInputStream(raw), "t.log", ReaderOptions.STRICT);
        assertTrue(r.next());
        return r;
    }

    @Test
    void decodesEveryFieldAtItsOffset() throws IOException {
        try (LogReader r = reader(swapInFault(104, 0x746c6670))) {
            assertFields(r.entry().asSched());
        }
    }

    private static void assertFields(SchedView s) {
        assertTrue(s.isPageFault());
        assertEquals(101, s.tid());
        assertEquals(FaultKind.SWAP_IN, FaultKind.ofCode(s.faultKind()));
        assertEquals(0x4016a6L, s.faultPc());
        assertEquals(0x7f0000123456L, s.faultAddress());
        assertEquals(0x1255, s.faultFlags());
        assertEquals(0x4, s.faultResult());
        assertEquals(100, s.faultTgid());
        assertEquals(0x7f0000000000L, s.faultVmaStart());
        assertEquals(0x7f0001000000L, s.faultVmaEnd());
        assertEquals(5000, s.ts());
        assertEquals(1, s.cpu());
    }

    @Test
    void aPlainSchedOrAnotherMagicIsNotAFault() throws IOException {
        try (LogReader plain = reader(swapInFault(32, 0)); LogReader other = reader(swapInFault(104, 0x746c6671))) {
            assertFalse(plain.entry().asSched().isPageFault());
            assertFalse(other.entry().asSched().isPageFault());
        }
    }

    @Test
    void kindWordsAndCodes() {
        assertEquals("minor", FaultKind.ofCode(1).spelling());
        assertEquals("major", FaultKind.ofCode(2).spelling());
        assertEquals("swap-in", FaultKind.ofCode(3).spelling());
        assertEquals("swap-out", FaultKind.ofCode(4).spelling());
        assertEquals("swap-read", FaultKind.ofCode(5).spelling());
        assertEquals(null, FaultKind.ofCode(0));
        assertEquals(null, FaultKind.ofCode(6));
    }

    @Test
    void m2textPrintsAPfLineAndTheOriginalItsSchedLine() {
        byte[] raw = swapInFault(104, 0x746c6670);
        assertEquals(List.of("pf  [1   swap-in    pid   101  tgid   100  pc 00000000004016a6  addr 00007f0000123456"
                + "  vma 7f0000000000-7f0001000000  page 0000000000000000  flags 0x1255  result 0x4"
                + "  hash 0000000000000000  ts 5000]"), Printed.lines(TextPrinterTest.TEXT, raw));
        assertEquals(List.of("sch [1    pid   101]"), Printed.lines(TextPrinterTest.ORIGINAL, raw));
    }

    @Test
    void anUndefinedKindPrintsItsNumber() {
        byte[] raw = swapInFault(104, 0x746c6670);
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putInt(36, 9);
        assertTrue(Printed.lines(TextPrinterTest.TEXT, raw).get(0).startsWith("pf  [1   9          pid   101"));
    }

    @Test
    void faultRecordEncodesTheHandLayoutAndDecodesBack() throws IOException {
        FaultRecord r = new FaultRecord(new Header(1, 77, 5000), 101, 100, 3, 0x4016a6L, 0x7f0000123456L,
                0x7f0000000000L, 0x7f0001000000L, 0, 0x1255, 0x4, 0);
        assertEquals(ByteBuffer.wrap(swapInFault(104, 0x746c6670)), ByteBuffer.wrap(r.toBytes()));
        try (LogReader reader = reader(r.toBytes())) {
            assertEquals(r, EntryRecord.decode(reader.entry()));
        }
    }

    @Test
    void jsonLinesCarryTheFaultFields() {
        assertEquals(List.of("{\"type\":\"sched\",\"size\":104,\"cpu\":1,\"access_count\":77,\"ts\":5000,\"tid\":101,"
                + "\"fault_kind\":\"swap-in\",\"pc\":\"0x4016a6\",\"address\":\"0x7f0000123456\","
                + "\"vm_start\":\"0x7f0000000000\",\"vm_end\":\"0x7f0001000000\",\"page\":\"0x0\",\"flags\":\"0x1255\","
                + "\"result\":\"0x4\",\"hash\":\"0x0\",\"tgid\":100}"),
                Printed.lines(JsonLinesPrinterTest.JSON, swapInFault(104, 0x746c6670)));
    }
}
