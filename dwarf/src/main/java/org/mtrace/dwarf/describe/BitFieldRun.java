package org.mtrace.dwarf.describe;

/**
 * The bit-fields of one structure that have bits in one byte, named as a field path names that byte:
 * {@code .name} for one, {@code .{first..last}} (declaration order) for several. Both path renderers
 * (DWARF's {@link OffsetPath}, BTF's {@code BtfPath}) offer their structure's bit-fields here, so a
 * byte reads the same from either.
 */
public final class BitFieldRun {
    private final long byteOffset;
    private String first;
    private String last;

    /** @param byteOffset the byte, from the start of the structure */
    public BitFieldRun(long byteOffset) {
        this.byteOffset = byteOffset;
    }

    /** A named bit-field of {@code bits} bits from bit {@code firstBit} of the structure. */
    public void offer(String name, long firstBit, long bits) {
        if (firstBit < byteOffset * 8 + 8 && firstBit + bits > byteOffset * 8) {
            if (first == null) first = name;
            last = name;
        }
    }

    /** Appends the path of the byte; false, appending nothing, if no bit-field offered has bits in it. */
    public boolean appendTo(StringBuilder sb) {
        if (first == null) return false;
        sb.append('.');
        if (first.equals(last)) sb.append(first);
        else sb.append('{').append(first).append("..").append(last).append('}');
        return true;
    }
}
