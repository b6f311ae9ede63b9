package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.collections.impl.map.mutable.primitive.LongLongHashMap;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.Member;
import org.mtrace.mscan.kernel.VariableType;

/**
 * The pahole-style layout of a top type: every member with the transfers at the offsets inside
 * it, and where each cache line starts, so that a developer sees which fields to move apart.
 */
final class TypeLayout {
    /** Nesting levels {@link #expanded} opens. */
    private static final int EXPAND_DEPTH = 4;
    /** A member type {@link #expanded} can open: a struct named by its tag (not a pointer, array or anonymous one). */
    private static final Pattern NAMED_STRUCT = Pattern.compile("struct ([A-Za-z_][A-Za-z0-9_]*)");

    private final KernelInfo kernel;
    private final int lineSize;

    TypeLayout(KernelInfo kernel, int lineSize) {
        this.kernel = kernel;
        this.lineSize = lineSize;
    }

    /** The layout of a struct type, from its transfers by offset. */
    List<Report.LayoutRow> ofStruct(String type, LongLongHashMap byOffset) {
        return rows(byOffset, expanded(kernel.members(type), "", 0, 0));
    }

    /**
     * The layout of a variable's type, from the variable's transfers by offset: of one element for
     * an array variable, every element's transfers at their offset in the element.
     */
    List<Report.LayoutRow> ofVariable(VariableType variable, LongLongHashMap byOffset) {
        return rows(folded(byOffset, variable.elementSize()), expanded(variable.members(), "", 0, 0));
    }

    /** Transfers by offset into one element ({@code elementSize} 0: not an array, the offsets as they are). */
    private static LongLongHashMap folded(LongLongHashMap byOffset, long elementSize) {
        if (elementSize <= 0) {
            return byOffset;
        }
        LongLongHashMap out = new LongLongHashMap();
        byOffset.forEachKeyValue((offset, n) -> out.addToValue(offset % elementSize, n));
        return out;
    }

    /**
     * The members of a layout with each named struct member larger than a line replaced by its own
     * members ({@code inet_conn.icsk_inet.sk.sk_rcvbuf}, offsets from the outer struct), to
     * {@value #EXPAND_DEPTH} levels: a 1400-byte {@code inet_conn} of {@code tcp_sock} on one row hid
     * which of its 22 lines' fields moved (pahole's {@code --expand_types}, for the members that
     * span lines). Unions and anonymous structs stay one row.
     */
    private List<Member> expanded(List<Member> members, String prefix, long base, int depth) {
        List<Member> out = new ArrayList<>(members.size());
        for (Member m : members) {
            Matcher struct = NAMED_STRUCT.matcher(m.type() == null ? "" : m.type());
            List<Member> inner = depth < EXPAND_DEPTH && m.size() > lineSize && !m.isBitField() && struct.matches()
                    ? kernel.members(struct.group(1)) : List.of();
            if (!inner.isEmpty()) {
                out.addAll(expanded(inner, prefix + (m.name().isEmpty() ? "" : m.name() + "."), base + m.offset(),
                        depth + 1));
            } else { // an anonymous member inside an opened one keeps its place in the path
                String name = m.name().isEmpty() && !prefix.isEmpty() ? prefix + "<anon>" : prefix + m.name();
                out.add(new Member(base + m.offset(), m.size(), name, m.type(), m.bit(), m.bitSize()));
            }
        }
        return out;
    }

    /** Every member with the transfers at offsets inside it; line_start at each line boundary. */
    private List<Report.LayoutRow> rows(LongLongHashMap byOffset, List<Member> members) {
        List<Report.LayoutRow> out = new ArrayList<>(members.size());
        long nextLine = 0;
        long countedTo = -1; // bytes of bit-fields up to here are counted on an earlier bit-field
        for (Member m : members) {
            long n = 0;
            long from = m.isBitField() ? Math.max(m.offset(), countedTo) : m.offset();
            for (long off = from; off < m.offset() + Math.max(m.size(), 1); off++) {
                n += byOffset.get(off);
            }
            if (m.isBitField()) {
                countedTo = Math.max(countedTo, m.offset() + m.size());
            }
            boolean start = m.offset() >= nextLine;
            if (start) {
                nextLine = (m.offset() / lineSize + 1) * lineSize;
            }
            out.add(new Report.LayoutRow(m.offset(), m.size(), m.name(), m.type(), n, start, m.bit(), m.bitSize()));
        }
        return out;
    }
}
