package org.mtrace.mscan.lines;

/**
 * A stable least-significant-digit radix sort of records (long, int) by the unsigned long, the int
 * riding along. Why radix: {@link KeyCounter} orders up to millions of keys by first appearance,
 * and eight-bit digit passes read and write memory in order. Digits on which all records agree
 * are skipped (the high bytes of appearance numbers).
 */
final class PairSort {
    private static final int DIGITS = 8;

    private PairSort() {
    }

    /**
     * Sorts {@code n} records of {@code (key, ride)} in place, using the {@code tmp} arrays (at
     * least {@code n} long) as scratch.
     */
    static void sort(long[] key, int[] ride, int n, long[] tmpKey, int[] tmpRide) {
        int[][] counts = new int[DIGITS][256];
        for (int i = 0; i < n; i++) {
            long s = key[i];
            for (int d = 0; d < DIGITS; d++) {
                counts[d][(int) (s >>> (8 * d)) & 0xff]++;
            }
        }
        long[] k0 = key;
        int[] r0 = ride;
        long[] k1 = tmpKey;
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
                int to = at[(int) (k0[i] >>> (8 * d)) & 0xff]++;
                k1[to] = k0[i];
                r1[to] = r0[i];
            }
            long[] tk = k0;
            k0 = k1;
            k1 = tk;
            int[] tr = r0;
            r0 = r1;
            r1 = tr;
        }
        if (k0 != key) { // an odd number of passes left the result in the scratch arrays
            System.arraycopy(k0, 0, key, 0, n);
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
