package org.mtrace.analyses.sharedaddr;

import java.util.function.IntConsumer;
import java.util.function.IntToLongFunction;
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

    /** The table's chains: {@link #forEach} visits the keys in its iteration order. */
    static final class Chains {
        private final IntPages heads;
        private final IntPages next;

        private Chains(IntPages heads, IntPages next) {
            this.heads = heads;
            this.next = next;
        }

        void forEach(IntConsumer visit) {
            for (int b = 0; b < heads.size(); b++) {
                for (int k = heads.get(b); k >= 0; k = next.get(k)) {
                    visit.accept(k);
                }
            }
        }
    }

    /**
     * The table after inserting keys 0 … n-1 in that order with the hashes {@code hashOf} gives
     * (no array of the order: the caller has millions of rows; paged columns, which the collector
     * can place in pieces).
     */
    static Chains insertAll(int n, IntToLongFunction hashOf) {
        IntPages next = IntPages.filled(n, -1);
        IntPages heads = IntPages.filled(INITIAL_BUCKETS, -1);
        for (int k = 0; k < n; k++) {
            if (k + 1 > heads.size()) {
                heads = rehash(heads, next, hashOf, nextPrime(k + 1));
            }
            int b = bucket(hashOf.applyAsLong(k), heads.size());
            next.set(k, heads.get(b));
            heads.set(b, k);
        }
        return new Chains(heads, next);
    }

    private static IntPages rehash(IntPages old, IntPages next, IntToLongFunction hashOf, long buckets) {
        if (buckets > Integer.MAX_VALUE - 8) {
            throw new AnalysisException("too many shared addresses to emulate the hash table");
        }
        IntPages heads = IntPages.filled((int) buckets, -1);
        for (int ob = 0; ob < old.size(); ob++) {
            int k = old.get(ob);
            while (k >= 0) {
                int following = next.get(k);
                int b = bucket(hashOf.applyAsLong(k), heads.size());
                next.set(k, heads.get(b));
                heads.set(b, k);
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
}
