package org.mtrace.mscan.lines;

/**
 * A stable least-significant-digit radix sort of records (int, long, int) by the unsigned pair
 * (first, second), the third riding along. Why radix: {@link KeyCounter} orders up to millions of
 * keys by first appearance, and eight-bit digit passes read and write memory in order. Digits on which all records agree are skipped (most high bytes of a key).
 */
final class PairSort {
    private static final int DIGITS = 12; // 8 bytes of the second, then 4 of the first

    private PairSort() {
    }

    /**
     * Sorts {@code n} records of {@code (first, second, ride)} in place, using the {@code tmp}
     * arrays (at least {@code n} long) as scratch.
     */
    static void sort(int[] first, long[] second, int[] ride, int n, int[] tmpFirst, long[] tmpSecond, int[] tmpRide) {
        int[][] counts = new int[DIGITS][256];
        for (int i = 0; i < n; i++) {
            long s = second[i];
            for (int d = 0; d < 8; d++) {
                counts[d][(int) (s >>> (8 * d)) & 0xff]++;
            }
            int f = first[i];
            for (int d = 0; d < 4; d++) {
                counts[8 + d][(f >>> (8 * d)) & 0xff]++;
            }
        }
        int[] f0 = first;
        long[] s0 = second;
        int[] r0 = ride;
        int[] f1 = tmpFirst;
        long[] s1 = tmpSecond;
        int[] r1 = tmpRide;
        int[] at = new int[256];
        for (int d = 0; d < DIGITS; d++) {
            int[] c = counts[d];
            if (trivial(c, n)) {
                continue;
            }
            for (int b = 0, sum = 0; b < 256; b++) {
                at[b] = sum;
                sum += c[b];
            }
            for (int i = 0; i < n; i++) {
                int b = d < 8 ? (int) (s0[i] >>> (8 * d)) & 0xff : (f0[i] >>> (8 * (d - 8))) & 0xff;
                int to = at[b]++;
                f1[to] = f0[i];
                s1[to] = s0[i];
                r1[to] = r0[i];
            }
            int[] tf = f0;
            f0 = f1;
            f1 = tf;
            long[] ts = s0;
            s0 = s1;
            s1 = ts;
            int[] tr = r0;
            r0 = r1;
            r1 = tr;
        }
        if (f0 != first) { // an odd number of passes left the result in the scratch arrays
            System.arraycopy(f0, 0, first, 0, n);
            System.arraycopy(s0, 0, second, 0, n);
            System.arraycopy(r0, 0, ride, 0, n);
        }
    }

    /** Whether every record has the same value of this digit (the pass would not move any). */
    private static boolean trivial(int[] counts, int n) {
        for (int c : counts) {
            if (c != 0) {
                return c == n;
            }
        }
        return true;
    }
}
