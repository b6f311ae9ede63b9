package org.mtrace.dwarf.describe;

import org.mtrace.dwarf.index.SortedSearch;
import org.mtrace.dwarf.read.At;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DieOffset;
import org.mtrace.dwarf.read.Tag;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The field path of a byte offset inside a type, rendered as the original mscan does
 * ({@code .member}, {@code [index]}, {@code .{a|b}} for unions, {@code +0x..} tails; ATTRIBUTION.md §2.2-2.5),
 * computed on the corrected sizes and member tables of {@link TypeModel}. Results are memoised per
 * (type DIE, offset).
 */
public final class OffsetPath {
    private static final int MEMO_LIMIT = 1 << 20;

    private final TypeModel types;
    private final ConcurrentHashMap<Long, String> memo = new ConcurrentHashMap<>();

    public OffsetPath(TypeModel types) { this.types = types; }

    /** The path for {@code off} (taken as an unsigned 32-bit value) inside the type DIE. */
    public String of(Die type, long off) throws MissingAttributeException {
        off &= 0xffffffffL;
        long key = ((long) type.offset().global() << 32) | off;
        String p = memo.get(key);
        if (p == null) p = compute(type, off, key);
        return p;
    }

    /** Like {@link #of(Die, long)} for a DIE offset; a memoised answer costs no DIE decoding. */
    public String of(DieOffset typeDie, long off) throws MissingAttributeException {
        off &= 0xffffffffL;
        long key = ((long) typeDie.global() << 32) | off;
        String p = memo.get(key);
        if (p == null) p = compute(types.die(typeDie), off, key);
        return p;
    }

    private String compute(Die type, long off, long key) throws MissingAttributeException {
        String p;
        {
            StringBuilder sb = new StringBuilder();
            append(sb, type, off, 0);
            p = sb.toString();
            if (memo.size() > MEMO_LIMIT) memo.clear(); // bound memory on very long runs; answers are recomputable
            memo.put(key, p);
        }
        return p;
    }

    private static void tail(StringBuilder sb, long off) {
        if (off != 0) sb.append("+0x").append(Long.toHexString(off));
    }

    private void append(StringBuilder sb, Die d, long off, int depth) throws MissingAttributeException {
        if (depth > 64) { tail(sb, off); return; }
        int tag = d.tag();
        switch (tag) {
            case Tag.BASE_TYPE: case Tag.ENUMERATION_TYPE: case Tag.SUBROUTINE_TYPE: case Tag.PTR_TO_MEMBER_TYPE:
            case Tag.POINTER_TYPE: case Tag.REFERENCE_TYPE: case Tag.RVALUE_REFERENCE_TYPE:
                tail(sb, off);
                return;
            case Tag.STRUCTURE_TYPE: case Tag.CLASS_TYPE:
                structure(sb, d, off, depth);
                return;
            case Tag.UNION_TYPE:
                union(sb, d, off, depth);
                return;
            case Tag.ARRAY_TYPE:
                array(sb, d, off, depth);
                return;
            default:
                if (Tag.isAlias(tag)) {
                    Die t = types.typeOf(d);
                    if (t == null) tail(sb, off);
                    else append(sb, t, off, depth + 1);
                    return;
                }
                sb.append("<do_offset(").append(Tag.name(tag)).append('@').append(d.offset().global()).append(',')
                        .append(off).append(")>");
        }
    }

    private void structure(StringBuilder sb, Die d, long off, int depth) throws MissingAttributeException {
        if (off >= types.sizeOf(d)) { tail(sb, off); return; }
        TypeModel.Members m = types.members(d);
        int i = SortedSearch.lastAtOrBelow(m.keys(), off);
        if (i < 0) { tail(sb, off); return; }
        Die member = types.die(m.dies()[i]);
        if (member.has(At.BIT_SIZE) && bitFields(sb, d, off)) return;
        sb.append('.');
        appendName(sb, member);
        Die t = types.typeOf(member);
        long rest = off - m.keys()[i];
        if (t == null) tail(sb, rest);
        else append(sb, t, rest, depth + 1);
    }

    /**
     * The named bit-fields of the structure {@code d} that have bits in the byte {@code off}:
     * {@code .name} for one, {@code .{first..last}} (declaration order) for several; false, writing
     * nothing, when none has (padding in a storage unit: the caller names the unit's last member with
     * a tail, as the original). The original keyed bit-fields by storage unit, so the last field of a
     * unit named all its bytes: on Debian's 6.12 kernel {@code task_struct.in_thrashing} (a PSI bit in
     * byte 2361) named the byte 2360 that {@code try_to_wake_up} reads for {@code sched_remote_wakeup}
     * and {@code in_iowait}.
     */
    private boolean bitFields(StringBuilder sb, Die d, long off) throws MissingAttributeException {
        BitFieldRun run = new BitFieldRun(off);
        for (Die child : d.children()) {
            if (child.tag() != Tag.MEMBER || !child.has(At.BIT_SIZE) || child.name() == null) continue;
            run.offer(child.name(), types.firstBit(child, false), child.constant(At.BIT_SIZE));
        }
        return run.appendTo(sb);
    }

    private void union(StringBuilder sb, Die d, long off, int depth) throws MissingAttributeException {
        int start = sb.length();
        sb.append(".{");
        boolean any = false;
        for (Die child : d.children()) {
            if (child.tag() != Tag.MEMBER) continue;
            Die t = types.typeOf(child);
            if (t == null || off >= types.sizeOf(t)) continue;
            long loc = types.memberOffset(child, true);
            if (off < loc) continue;
            if (any) sb.append('|');
            appendName(sb, child);
            append(sb, t, off - loc, depth + 1);
            any = true;
        }
        if (any) sb.append('}');
        else { sb.setLength(start); tail(sb, off); }
    }

    private void array(StringBuilder sb, Die d, long off, int depth) throws MissingAttributeException {
        Die elem = types.typeOf(d);
        long esz = elem == null ? 0 : types.sizeOf(elem);
        if (esz == 0) { tail(sb, off); return; }
        sb.append('[').append(off / esz).append(']');
        append(sb, elem, off % esz, depth + 1);
    }

    private static void appendName(StringBuilder sb, Die member) {
        String n = member.name();
        sb.append(n == null ? "<anon>" : n);
    }

}
