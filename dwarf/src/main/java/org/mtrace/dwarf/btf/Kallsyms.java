package org.mtrace.dwarf.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel's own symbol table for {@code /proc/kallsyms}, read out of a vmlinux that has no ELF symbol
 * table (one extracted from a bzImage). scripts/kallsyms.c emits these arrays into {@code .rodata}:
 * <ul>
 * <li>{@code kallsyms_num_syms}: u32 N;</li>
 * <li>{@code kallsyms_names}: N entries, each a length (one byte, or two when the first has bit 7 set:
 * low 7 bits, then the rest shifted by 7) followed by that many token numbers; the expanded text is the
 * nm type letter and then the name;</li>
 * <li>{@code kallsyms_markers}: u32 offset into names of every 256th entry;</li>
 * <li>{@code kallsyms_token_table}: 256 NUL-terminated tokens; {@code kallsyms_token_index}: 256 u16
 * offsets of them;</li>
 * <li>{@code kallsyms_offsets}: N s32 and {@code kallsyms_relative_base}: u64
 * ({@code CONFIG_KALLSYMS_BASE_RELATIVE}, all x86-64 kernels).</li>
 * </ul>
 * Up to 6.3 the offsets and base come first (offsets, base, num_syms, names, markers, [seqs_of_names],
 * tokens, index); from 6.4 they follow the token index (num_syms, names, markers, tokens, index,
 * offsets, base, seqs_of_names). There are no labels to go by, so the token index is found by content
 * (its offsets must land on the NUL boundaries of the table just before it), then the markers just before
 * the table, the names before them (checked against every marker), and the offsets in either place.
 * Each array starts 4- or 8-aligned; the gaps between them are zero padding.
 * <p>
 * scripts/kallsyms.c keeps no other absolute symbols, so an {@code A} here is a per-CPU variable that
 * {@code --absolute-percpu} re-marked; it is given back as data ({@code D}: whether it was {@code d} or
 * {@code D} is lost), so that per-CPU variables are data objects as in System.map.
 */
public final class Kallsyms {
    private static final int TOKENS = 256;

    private Kallsyms() {}

    /**
     * The symbols of a vmlinux's {@code .rodata}, as a {@link SystemMap}; null when no consistent set of
     * kallsyms tables is found (kernel without {@code CONFIG_KALLSYMS}, or a layout this reader does not know).
     */
    public static SystemMap read(ByteBuffer rodata) {
        ByteBuffer b = rodata.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int index = 0; index + 2 * TOKENS <= b.limit(); index += 2) {
            int table = tokenTable(b, index);
            if (table < 0) continue;
            SystemMap m = fromTokens(b, table, index);
            if (m != null) return m;
        }
        return null;
    }

    /** Start of the token table that the u16 array at {@code index} describes, or -1 if it is not a token index. */
    static int tokenTable(ByteBuffer b, int index) {
        if (u16(b, index) != 0) return -1;
        int prev = 0;
        for (int i = 1; i < TOKENS; i++) { // tokens are 1..~60 characters plus their NUL
            int at = u16(b, index + 2 * i);
            if (at - prev < 2 || at - prev > 128) return -1;
            prev = at;
        }
        int last = u16(b, index + 2 * (TOKENS - 1));
        // the table ends with the last token's NUL, then 0..7 bytes of padding, then the index
        for (int pad = 0; pad < 8; pad++) {
            for (int lastLen = 1; lastLen <= 128; lastLen++) {
                int start = index - pad - (last + lastLen + 1);
                if (start < 0) break;
                if (isTable(b, start, index, pad, last + lastLen)) return start;
            }
        }
        return -1;
    }

    private static boolean isTable(ByteBuffer b, int start, int index, int pad, int lastNul) {
        for (int p = index - pad; p < index; p++) if (b.get(p) != 0) return false;
        for (int i = 0; i < TOKENS; i++) {
            int from = start + u16(b, index + 2 * i);
            int to = i + 1 < TOKENS ? start + u16(b, index + 2 * (i + 1)) - 1 : start + lastNul;
            if (b.get(to) != 0) return false;
            for (int p = from; p < to; p++) if (b.get(p) == 0) return false;
        }
        return true;
    }

    private static SystemMap fromTokens(ByteBuffer b, int table, int index) {
        String[] token = new String[TOKENS];
        for (int i = 0; i < TOKENS; i++) token[i] = cString(b, table + u16(b, index + 2 * i));
        // markers: u32s from 0, rising by 256 names' worth of bytes each, before the table (directly, or with
        // kallsyms_seqs_of_names, 3 bytes a symbol, in between); the nearest that the names match wins
        for (int markers = (table & ~3) - 8; markers >= 0 && markers >= table - (8 << 20); markers -= 4) {
            if (u32(b, markers) != 0) continue;
            int count = 1;
            while (markers + 4 * count + 4 <= table && isMarkerStep(u32(b, markers + 4 * count) - u32(b, markers + 4 * (count - 1))))
                count++;
            if (count < 2) continue;
            SystemMap m = fromMarkers(b, markers, count, token, index);
            if (m != null) return m;
        }
        return null;
    }

    /** 256 names take 256 * (1..128) bytes. */
    private static boolean isMarkerStep(int bytes) {
        return bytes >= 256 * 2 && bytes <= 256 * 128;
    }

    private static SystemMap fromMarkers(ByteBuffer b, int markers, int markerCount, String[] token, int index) {
        // num_syms: the u32 before the names, with ceil(N/256) markers (what follows the last may happen to
        // look like more); the names then end at the markers
        for (int c = markers - 8; c >= 0 && c >= markers - markerCount * 256 * 128; c -= 4) {
            int n = u32(b, c);
            if (n <= 256 || (n + 255) / 256 > markerCount) continue;
            for (int names = c + 4; names <= c + 8; names += 4) {
                if (namesMatchMarkers(b, names, n, markers)) {
                    long[] addr = addresses(b, n, c, index);
                    if (addr != null) return decode(b, names, n, token, addr);
                }
            }
        }
        return null;
    }

    /** Whether {@code n} names from {@code names} end (but for padding) at the markers at {@code end} and start where each says. */
    private static boolean namesMatchMarkers(ByteBuffer b, int names, int n, int end) {
        int p = names;
        for (int i = 0; i < n; i++) {
            if ((i & 255) == 0 && u32(b, end + 4 * (i >> 8)) != p - names) return false;
            if (p >= end) return false;
            int len = b.get(p++) & 0xff;
            if ((len & 0x80) != 0) len = (len & 0x7f) | (b.get(p++) & 0xff) << 7;
            p += len;
        }
        return p <= end && end - p < 8;
    }

    /**
     * The N addresses: offsets and base either before num_syms (at {@code numSyms}) or after the token
     * index; the right place has a base in the kernel's top 2 GB. Negative offsets are relative to
     * base - 1 and non-negative ones absolute ({@code CONFIG_KALLSYMS_ABSOLUTE_PERCPU}, x86-64 SMP) when
     * any offset is negative; otherwise all are unsigned offsets from the base.
     */
    private static long[] addresses(ByteBuffer b, int n, int numSyms, int index) {
        int bytes = (4 * n + 7) & ~7;
        int[] starts = {numSyms - 8 - bytes, (index + 2 * TOKENS + 7) & ~7};
        int[] bases = {numSyms - 8, starts[1] + bytes};
        for (int k = 0; k < 2; k++) {
            if (starts[k] < 0 || bases[k] + 8 > b.limit()) continue;
            long base = b.getLong(bases[k]);
            if (base >>> 31 != 0x1ffffffffL) continue;
            boolean absolutePercpu = false;
            for (int i = 0; i < n && !absolutePercpu; i++) absolutePercpu = b.getInt(starts[k] + 4 * i) < 0;
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                int off = b.getInt(starts[k] + 4 * i);
                out[i] = !absolutePercpu ? base + Integer.toUnsignedLong(off) : off >= 0 ? off : base - 1 - off;
            }
            return out;
        }
        return null;
    }

    private static SystemMap decode(ByteBuffer b, int names, int n, String[] token, long[] addr) {
        String[] name = new String[n];
        char[] type = new char[n];
        StringBuilder s = new StringBuilder(64);
        int p = names;
        for (int i = 0; i < n; i++) {
            int len = b.get(p++) & 0xff;
            if ((len & 0x80) != 0) len = (len & 0x7f) | (b.get(p++) & 0xff) << 7;
            s.setLength(0);
            for (int j = 0; j < len; j++) s.append(token[b.get(p++) & 0xff]);
            type[i] = s.length() == 0 ? '?' : s.charAt(0) == 'A' ? 'D' : s.charAt(0);
            name[i] = s.length() <= 1 ? "" : s.substring(1);
        }
        return SystemMap.of(addr, name, type);
    }

    private static String cString(ByteBuffer b, int at) {
        StringBuilder s = new StringBuilder();
        for (int p = at; b.get(p) != 0; p++) s.append((char) (b.get(p) & 0xff));
        return s.toString();
    }

    private static int u16(ByteBuffer b, int at) { return b.getShort(at) & 0xffff; }

    private static int u32(ByteBuffer b, int at) { return b.getInt(at); }
}
