package org.mtrace.format;

/** Constant-time lookup of a {@link Coded} enum constant by its logged number. */
final class CodeTable<E extends Coded> {
    private final Object[] byCode;

    CodeTable(E[] values) {
        int max = 0;
        for (E v : values) {
            max = Math.max(max, v.code());
        }
        byCode = new Object[max + 1];
        for (E v : values) {
            byCode[v.code()] = v;
        }
    }

    /** The constant for {@code code}, or {@code null} where the format defines none. */
    @SuppressWarnings("unchecked")
    E of(long code) {
        return code >= 0 && code < byCode.length ? (E) byCode[(int) code] : null;
    }
}
