package org.mtrace.dwarf.btf;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Hand-built kallsyms tables in both layouts scripts/kallsyms.c has used (offsets first up to 6.3, after
 * the token index from 6.4), with junk around them so they must be found by content. Tokens: code c in
 * 0x20..0x7e is the character c itself; 0x80 is "sys_", 0x81 "read", 0x82 "write"; every other code is
 * "~" plus two hex digits (never used by the names). The expected names below are worked out by hand from
 * those token bytes.
 */
class KallsymsTest {
    private static final long BASE = 0xffffffff81000000L;
    private static final int FILLERS = 300; // more than 256 names, so there are two markers

    private static String token(int c) {
        if (c >= 0x20 && c <= 0x7e) return String.valueOf((char) c);
        if (c == 0x80) return "sys_";
        if (c == 0x81) return "read";
        if (c == 0x82) return "write";
        return String.format("~%02x", c);
    }

    /** The names as token bytes (first token = type letter), and their s32 offsets (absolute-percpu rules). */
    private static final int[][] NAMES = {
            {'A', 'p', 'c', 'p'},          // "A pcp"        offset 0x1000 >= 0: absolute 0x1000; per-CPU, so D
            {'T', 0x80, 0x81},             // "T sys_read"   offset -1: BASE - 1 - (-1) = BASE
            {'t', 0x82, '_', '1'},         // "t write_1"    offset -0x11: BASE + 0x10
            {'d', 0x81, 0x81},             // "d readread"   offset -0x2001: BASE + 0x2000
    };
    private static final int[] OFFSETS = {0x1000, -1, -0x11, -0x2001};

    private static byte[] names(ByteArrayOutputStream markersOut, int[] offsetsOut) {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        ByteBuffer markers = ByteBuffer.allocate(4 * 8).order(ByteOrder.LITTLE_ENDIAN);
        int n = 0;
        int[][] all = new int[NAMES.length + 1 + FILLERS][];
        System.arraycopy(NAMES, 0, all, 0, NAMES.length);
        // a 130-token name: "T" + 129 'x'; its length needs two bytes, 0x82 then 0x01
        all[NAMES.length] = new int[130];
        all[NAMES.length][0] = 'T';
        for (int i = 1; i < 130; i++) all[NAMES.length][i] = 'x';
        // fillers "t fNNN" at BASE + 0x100000 + NNN
        for (int i = 0; i < FILLERS; i++) {
            String s = String.format("tf%03d", i);
            all[NAMES.length + 1 + i] = s.chars().toArray();
        }
        for (int[] name : all) {
            if (n % 256 == 0) markers.putInt(names.size());
            if (name.length > 127) {
                names.write((name.length & 0x7f) | 0x80);
                names.write(name.length >> 7);
            } else names.write(name.length);
            for (int t : name) names.write(t);
            n++;
        }
        for (int i = 0; i < all.length; i++)
            offsetsOut[i] = i < OFFSETS.length ? OFFSETS[i] : i == NAMES.length ? -0x3001 : -1 - (0x100000 + i - NAMES.length - 1);
        markersOut.write(markers.array(), 0, markers.position());
        return names.toByteArray();
    }

    private static final int COUNT = NAMES.length + 1 + FILLERS;

    private static ByteBuffer build(boolean offsetsFirst) {
        ByteBuffer b = ByteBuffer.allocate(64 << 10).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 1000; i++) b.put((byte) (i * 7 + 3)); // junk, including zeros
        align(b);
        ByteArrayOutputStream markers = new ByteArrayOutputStream();
        int[] offsets = new int[COUNT];
        byte[] names = names(markers, offsets);
        if (offsetsFirst) offsetsAndBase(b, offsets);
        b.putInt(COUNT);
        align(b);
        b.put(names);
        align(b);
        b.put(markers.toByteArray());
        align(b);
        if (offsetsFirst) { // kallsyms_seqs_of_names (6.1 stable backport): 3 bytes a symbol
            for (int i = 0; i < COUNT; i++) b.put((byte) 0).put((byte) (i >> 8)).put((byte) i);
            align(b);
        }
        int table = b.position();
        int[] index = new int[256];
        for (int c = 0; c < 256; c++) {
            index[c] = b.position() - table;
            for (char ch : token(c).toCharArray()) b.put((byte) ch);
            b.put((byte) 0);
        }
        align(b);
        for (int c = 0; c < 256; c++) b.putShort((short) index[c]);
        align(b);
        if (!offsetsFirst) offsetsAndBase(b, offsets);
        for (int i = 0; i < 500; i++) b.put((byte) (i * 13 + 1));
        return b.flip();
    }

    private static void offsetsAndBase(ByteBuffer b, int[] offsets) {
        for (int o : offsets) b.putInt(o);
        align(b);
        b.putLong(BASE);
        align(b);
    }

    private static void align(ByteBuffer b) {
        while (b.position() % 8 != 0) b.put((byte) 0);
    }

    private static void check(SystemMap m) {
        assertEquals(COUNT, m.size());
        // sorted by address: pcp (0x1000), sys_read (BASE), write_1 (BASE+0x10), readread (BASE+0x2000),
        // the long name (BASE+0x3000), then the fillers from BASE+0x100000
        assertEquals(0x1000L, m.address(0));
        assertEquals('D', m.type(0));
        assertEquals("pcp", m.name(0));
        assertEquals(BASE, m.address(1));
        assertEquals('T', m.type(1));
        assertEquals("sys_read", m.name(1));
        assertEquals(BASE + 0x10, m.address(2));
        assertEquals('t', m.type(2));
        assertEquals("write_1", m.name(2));
        assertEquals(BASE + 0x2000, m.address(3));
        assertEquals('d', m.type(3));
        assertEquals("readread", m.name(3));
        assertEquals(BASE + 0x3000, m.address(4));
        assertEquals("x".repeat(129), m.name(4));
        assertEquals(BASE + 0x100000 + 299, m.address(COUNT - 1));
        assertEquals('t', m.type(COUNT - 1));
        assertEquals("f299", m.name(COUNT - 1));
        assertEquals(BASE + 0x10, m.address("write_1").getAsLong());
        // sys_read reaches write_1 (next higher address): 0x10 bytes
        SystemMap.Symbol first = m.symbols(true).get(0);
        assertEquals("sys_read", first.name());
        assertEquals(0x10, first.size());
    }

    @Test
    void readsTablesWithOffsetsBeforeNamesAsUpTo63() {
        check(Kallsyms.read(build(true)));
    }

    @Test
    void readsTablesWithOffsetsAfterTheTokenIndexAsFrom64() {
        check(Kallsyms.read(build(false)));
    }

    @Test
    void noTablesIsNull() {
        ByteBuffer b = ByteBuffer.allocate(8192);
        for (int i = 0; i < b.capacity(); i++) b.put(i, (byte) (i % 251));
        assertNull(Kallsyms.read(b));
    }
}
