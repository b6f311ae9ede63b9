package org.mtrace.analyses.sharedaddr;

import java.util.Arrays;
import org.mtrace.mscan.engine.AnalysisException;

/**
 * Iteration order of the original's GNU {@code hash_map} keyed by (address, object id)
 * (MSCAN.md Appendix C): the key hash, the bucket counts (a fixed prime list starting at 193),
 * growth before an insertion that would exceed the bucket count, rehashing that moves each node
 * to the head of its new chain, and insertion at the head of a chain.
 */
final class GnuHashMapOrder {
    private static final long[] PRIMES = {5, 53, 97, 193, 389, 769, 1543, 3079, 6151, 12289, 24593, 49157,
        98317, 196613, 393241, 786433, 1572869, 3145739, 6291469, 12582917, 25165843, 50331653, 100663319,
        201326611, 402653189, 805306457, 1610612741, 3221225473L, 4294967291L};
    private static final int INITIAL_BUCKETS = 193;

    private GnuHashMapOrder() {
    }

    /** Jenkins-style mix of (addr, id) used as the key's hash. */
    static long hash(long addr, long id) {
        long a = 0xdeadbeefL + addr;
        long b = 0xdeadbeefL + id;
        long c = 0x9e3779b97f4a7c13L + 2;
        a = a - b - c; a ^= c >>> 43;
        b = b - c - a; b ^= a << 9;
        c = c - a - b; c ^= b >>> 8;
        a = a - b - c; a ^= c >>> 38;
        b = b - c - a; b ^= a << 23;
        c = c - a - b; c ^= b >>> 5;
        a = a - b - c; a ^= c >>> 35;
        b = b - c - a; b ^= a << 49;
        c = c - a - b; c ^= b >>> 11;
        a = a - b - c; a ^= c >>> 12;
        b = b - c - a; b ^= a << 18;
        c = c - a - b; c ^= b >>> 22;
        return c;
    }

    /**
     * Given the hashes of the keys in insertion order, returns the insertion indexes in the
     * table's iteration order.
     */
    static int[] iterationOrder(long[] hashes) {
        int n = hashes.length;
        int[] next = new int[n];
        int[] heads = newHeads(INITIAL_BUCKETS);
        for (int k = 0; k < n; k++) {
            if (k + 1 > heads.length) {
                heads = rehash(heads, next, hashes, nextPrime(k + 1));
            }
            int b = bucket(hashes[k], heads.length);
            next[k] = heads[b];
            heads[b] = k;
        }
        int[] order = new int[n];
        int p = 0;
        for (int head : heads) {
            for (int k = head; k >= 0; k = next[k]) {
                order[p++] = k;
            }
        }
        return order;
    }

    private static int[] rehash(int[] old, int[] next, long[] hashes, long buckets) {
        if (buckets > Integer.MAX_VALUE - 8) {
            throw new AnalysisException("too many shared addresses to emulate the hash table");
        }
        int[] heads = newHeads((int) buckets);
        for (int head : old) {
            int k = head;
            while (k >= 0) {
                int following = next[k];
                int b = bucket(hashes[k], heads.length);
                next[k] = heads[b];
                heads[b] = k;
                k = following;
            }
        }
        return heads;
    }

    private static long nextPrime(long atLeast) {
        for (long p : PRIMES) {
            if (p >= atLeast) {
                return p;
            }
        }
        return PRIMES[PRIMES.length - 1];
    }

    private static int bucket(long hash, int buckets) {
        return (int) Long.remainderUnsigned(hash, buckets);
    }

    private static int[] newHeads(int n) {
        int[] h = new int[n];
        Arrays.fill(h, -1);
        return h;
    }
}
