package org.mtrace.dwarf.btf;

import org.mtrace.dwarf.describe.BitFieldRun;
import org.mtrace.dwarf.index.SortedSearch;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The field path of a byte offset inside a BTF type, rendered exactly as the DWARF path
 * ({@link org.mtrace.dwarf.describe.OffsetPath}: {@code .member}, {@code [i]}, {@code .{a|b}} for unions,
 * {@code +0x..} tails), with the same member table rules (one member per byte offset, the last declared;
 * a bit-field at the start of its storage unit; a byte holding bit-fields named by them). Memoised per
 * (type id, offset).
 */
public final class BtfPath {
    private static final int MEMO_LIMIT = 1 << 20;

    private final Btf btf;
    private final ConcurrentHashMap<Long, String> memo = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Members> members = new ConcurrentHashMap<>();

    public BtfPath(Btf btf) { this.btf = btf; }

    /** Byte offsets (ascending) and member indices of a struct: the table {@link #of} searches. */
    record Members(long[] keys, int[] index) {}

    /** The path of {@code off} (an unsigned 32-bit value) inside type {@code id}. */
    public String of(int id, long off) {
        off &= 0xffffffffL;
        long key = ((long) id << 32) | off;
        String p = memo.get(key);
        if (p == null) {
            StringBuilder sb = new StringBuilder();
            append(sb, id, off, 0);
            p = sb.toString();
            if (memo.size() > MEMO_LIMIT) memo.clear(); // bounded on long runs; answers are recomputable
            memo.put(key, p);
        }
        return p;
    }

    private static void tail(StringBuilder sb, long off) {
        if (off != 0) sb.append("+0x").append(Long.toHexString(off));
    }

    private void append(StringBuilder sb, int id, long off, int depth) {
        if (depth > 64) { tail(sb, off); return; }
        id = btf.strip(id);
        switch (btf.kind(id)) {
            case Btf.STRUCT: structure(sb, id, off, depth); return;
            case Btf.UNION: union(sb, id, off, depth); return;
            case Btf.ARRAY: array(sb, id, off, depth); return;
            default: tail(sb, off);
        }
    }

    private void structure(StringBuilder sb, int id, long off, int depth) {
        if (off >= btf.sizeOf(id)) { tail(sb, off); return; }
        Members m = members(id);
        int i = SortedSearch.lastAtOrBelow(m.keys(), off);
        if (i < 0) { tail(sb, off); return; }
        int member = m.index()[i];
        if (btf.memberBitSize(id, member) != 0 && bitFields(sb, id, off)) return;
        sb.append('.').append(memberName(id, member));
        append(sb, btf.memberType(id, member), off - m.keys()[i], depth + 1);
    }

    /** The named bit-fields with bits in the byte {@code off}, as the DWARF path names them ({@code OffsetPath}). */
    private boolean bitFields(StringBuilder sb, int id, long off) {
        BitFieldRun run = new BitFieldRun(off);
        for (int i = 0, n = btf.vlen(id); i < n; i++) {
            int bits = btf.memberBitSize(id, i);
            if (bits != 0 && !btf.memberName(id, i).isEmpty()) run.offer(btf.memberName(id, i), btf.memberBitOffset(id, i), bits);
        }
        return run.appendTo(sb);
    }

    private void union(StringBuilder sb, int id, long off, int depth) {
        int start = sb.length();
        sb.append(".{");
        boolean any = false;
        for (int i = 0, n = btf.vlen(id); i < n; i++) {
            int t = btf.memberType(id, i);
            long loc = memberOffset(id, i);
            if (off < loc || off - loc >= btf.sizeOf(t)) continue;
            if (any) sb.append('|');
            sb.append(memberName(id, i));
            append(sb, t, off - loc, depth + 1);
            any = true;
        }
        if (any) sb.append('}');
        else { sb.setLength(start); tail(sb, off); }
    }

    private void array(StringBuilder sb, int id, long off, int depth) {
        int elem = btf.arrayElement(id);
        long esz = btf.sizeOf(elem);
        if (esz == 0) { tail(sb, off); return; }
        sb.append('[').append(off / esz).append(']');
        append(sb, elem, off % esz, depth + 1);
    }

    private String memberName(int id, int i) {
        String n = btf.memberName(id, i);
        return n.isEmpty() ? "<anon>" : n;
    }

    /** A member's byte offset; a bit-field's is the start of its storage unit (as the DWARF reader does). */
    long memberOffset(int id, int i) {
        long bit = btf.memberBitOffset(id, i);
        int bits = btf.memberBitSize(id, i);
        if (bits == 0) {
            if (bit % 8 == 0) return bit / 8; // not a bit-field (or one without kind_flag on a byte boundary)
            bits = 1;
        }
        long unit = btf.sizeOf(btf.memberType(id, i));
        if (unit <= 0) return bit / 8;
        long start = bit / (unit * 8) * unit;
        return (bit + bits - 1) / (unit * 8) * unit == start ? start : bit / 8;
    }

    Members members(int id) {
        Members m = members.get(id);
        if (m != null) return m;
        int n = btf.vlen(id);
        long[] rows = new long[n]; // offset << 20 | declaration index: sorting keeps declaration order per offset
        for (int i = 0; i < n; i++) rows[i] = (memberOffset(id, i) << 20) | i;
        java.util.Arrays.sort(rows);
        long[] keys = new long[n];
        int[] index = new int[n];
        int k = 0;
        for (long r : rows) {
            long off = r >>> 20;
            if (k > 0 && keys[k - 1] == off) k--; // the later member at the same offset replaces the earlier
            keys[k] = off;
            index[k] = (int) (r & 0xfffff);
            k++;
        }
        m = new Members(java.util.Arrays.copyOf(keys, k), java.util.Arrays.copyOf(index, k));
        members.put(id, m);
        return m;
    }
}
