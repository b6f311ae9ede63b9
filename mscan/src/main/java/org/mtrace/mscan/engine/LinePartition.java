package org.mtrace.mscan.engine;

/**
 * The cache lines one thread of a split pass ({@link SplitPass}) owns: {@code part} of
 * {@code parts}, chosen by a hash of the line address, so every line belongs to exactly one part
 * and a Zipf-skewed working set still splits about evenly (its hot lines are not neighbours).
 */
public record LinePartition(int part, int parts) {
    /** Every line: the pass is not split. */
    public static final LinePartition WHOLE = new LinePartition(0, 1);

    public LinePartition {
        if (parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts);
        }
    }

    /** Whether the line starting at {@code line} is this part's. */
    public boolean owns(long line) {
        if (parts == 1) {
            return true;
        }
        long h = (line >>> 6) * 0x9E3779B97F4A7C15L;
        return (int) (((h >>> 32) * parts) >>> 32) == part;
    }
}
