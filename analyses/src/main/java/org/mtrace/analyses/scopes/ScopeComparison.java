package org.mtrace.analyses.scopes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.mscan.access.AccessJson;
import org.mtrace.mscan.access.PhysicalAccess;
import org.mtrace.mscan.engine.Diagnostics;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;

/**
 * The end-of-log comparison of collected scopes (MSCAN.md §8.7 steps 2 and 4): every pair that ran
 * on disjoint CPUs is classified by abstract sharing (a variable one reads or writes and the other
 * writes) and concrete sharing (an address one reads or writes and the other writes), and the
 * pairs with concrete but no abstract sharing are reported with their matching accesses.
 */
final class ScopeComparison {
    private static final int MAX = AbstractSharing.MAX_MATCHES_PER_PAIR;

    private final List<ClosedScope> scopes;
    private final long[][] table = new long[2][2];
    private long compared;
    private final List<int[]> unexpected = new ArrayList<>();

    /** How the pairs' sharing is found; both give the same pairs in the same order. */
    enum Method {
        /** Inverted indexes (address → scopes, variable → scopes): cost follows the real overlap. */
        INDEXED,
        /** Every pair's sorted sets merged, as the original does: the reference the tests compare with. */
        MERGED
    }

    private ScopeComparison(List<ClosedScope> scopes) {
        this.scopes = scopes;
    }

    static ScopeComparison compare(List<ClosedScope> scopes, Diagnostics diagnostics, Method method) {
        ScopeComparison c = new ScopeComparison(scopes);
        if (method == Method.MERGED) {
            for (int i = 0; i < scopes.size(); i++) {
                for (int j = i + 1; j < scopes.size(); j++) {
                    ClosedScope a = scopes.get(i);
                    ClosedScope b = scopes.get(j);
                    if (a.cpus.disjoint(b.cpus)) {
                        c.count(a, b, i, j, abstractShared(a, b) != null, concreteShared(a, b), diagnostics);
                    }
                }
            }
        } else {
            c.compareIndexed(diagnostics);
        }
        return c;
    }

    /**
     * Every pair (i < j) in the original's order, but the sharing of a pair is read from marks set
     * through inverted indexes (address → scopes, variable → scopes) instead of merging the pair's
     * sorted sets: for scope i, every later scope that shares something with it is marked once per
     * shared item, so the cost is the pairs' real overlap, not the sum of their set sizes.
     */
    private void compareIndexed(Diagnostics diagnostics) {
        int n = scopes.size();
        LongObjectHashMap<IntArrayList> addrTouched = new LongObjectHashMap<>();
        LongObjectHashMap<IntArrayList> addrWritten = new LongObjectHashMap<>();
        Map<String, IntArrayList> varTouched = new HashMap<>();
        Map<String, IntArrayList> varWritten = new HashMap<>();
        for (int i = 0; i < n; i++) { // lists come out ascending
            ClosedScope s = scopes.get(i);
            for (long a : s.readAddrs) {
                addrTouched.getIfAbsentPut(a, IntArrayList::new).add(i);
            }
            for (long a : s.writeAddrs) {
                addrTouched.getIfAbsentPut(a, IntArrayList::new).add(i);
                addrWritten.getIfAbsentPut(a, IntArrayList::new).add(i);
            }
            for (String v : s.aread) {
                varTouched.computeIfAbsent(v, k -> new IntArrayList()).add(i);
            }
            for (String v : s.awrite) {
                varTouched.computeIfAbsent(v, k -> new IntArrayList()).add(i);
                varWritten.computeIfAbsent(v, k -> new IntArrayList()).add(i);
            }
        }
        int[] concreteMark = new int[n];
        int[] abstractMark = new int[n];
        for (int i = 0; i < n; i++) {
            ClosedScope a = scopes.get(i);
            int stamp = i + 1;
            // concrete: a read of i meets a later write; a write of i meets any later access
            for (long addr : a.readAddrs) {
                markAfter(addrWritten.get(addr), i, concreteMark, stamp);
            }
            for (long addr : a.writeAddrs) {
                markAfter(addrTouched.get(addr), i, concreteMark, stamp);
            }
            // abstract: likewise with the variables (aread and awrite of a scope are disjoint)
            for (String v : a.aread) {
                markAfter(varWritten.get(v), i, abstractMark, stamp);
            }
            for (String v : a.awrite) {
                markAfter(varTouched.get(v), i, abstractMark, stamp);
            }
            for (int j = i + 1; j < n; j++) {
                ClosedScope b = scopes.get(j);
                if (a.cpus.disjoint(b.cpus)) {
                    count(a, b, i, j, abstractMark[j] == stamp, concreteMark[j] == stamp, diagnostics);
                }
            }
        }
    }

    /** Marks the scopes after {@code i} in the ascending list (null: none). */
    private static void markAfter(IntArrayList list, int i, int[] mark, int stamp) {
        if (list == null) {
            return;
        }
        int k = list.binarySearch(i);
        for (k = k >= 0 ? k + 1 : -k - 1; k < list.size(); k++) {
            mark[list.get(k)] = stamp;
        }
    }

    /** Classifies one compared pair (MSCAN.md §8.7 step 2). */
    private void count(ClosedScope a, ClosedScope b, int i, int j, boolean abstractShared, boolean concrete,
            Diagnostics diagnostics) {
        compared++;
        table[abstractShared ? 1 : 0][concrete ? 1 : 0]++;
        if (concrete && !abstractShared) {
            unexpected.add(new int[] {i, j});
        }
        if (abstractShared && !concrete) {
            diagnostics.warn("Warning: Abstract sharing without concrete sharing: " + a.name + " and " + b.name + " ("
                    + abstractShared(a, b) + ")");
        }
    }

    /** First shared variable: aread₁∩awrite₂, else awrite₁∩aread₂, else awrite₁∩awrite₂; or null. */
    static String abstractShared(ClosedScope a, ClosedScope b) {
        String shared = firstCommon(a.aread, b.awrite);
        if (shared == null) {
            shared = firstCommon(a.awrite, b.aread);
        }
        return shared != null ? shared : firstCommon(a.awrite, b.awrite);
    }

    /** An address one of the two writes and the other reads or writes (exact start addresses). */
    static boolean concreteShared(ClosedScope a, ClosedScope b) {
        return intersect(a.readAddrs, b.writeAddrs) || intersect(a.writeAddrs, b.readAddrs)
                || intersect(a.writeAddrs, b.writeAddrs);
    }

    /** First name in both sorted arrays (merge order), or null. */
    static String firstCommon(String[] x, String[] y) {
        int i = 0;
        int j = 0;
        while (i < x.length && j < y.length) {
            int c = x[i].compareTo(y[j]);
            if (c == 0) {
                return x[i];
            } else if (c < 0) {
                i++;
            } else {
                j++;
            }
        }
        return null;
    }

    private static boolean intersect(long[] x, long[] y) {
        int i = 0;
        int j = 0;
        while (i < x.length && j < y.length) {
            int c = Long.compareUnsigned(x[i], y[j]);
            if (c == 0) {
                return true;
            } else if (c < 0) {
                i++;
            } else {
                j++;
            }
        }
        return false;
    }

    void writeSummary(JsonWriter out) {
        out.key("compared scopes").value(compared)
                .key("logically unshared/physically unshared").value(table[0][0])
                .key("logically shared  /physically shared").value(table[1][1])
                .key("logically unshared/physically shared").value(table[0][1]);
        if (table[1][0] != 0) {
            out.key("logically shared  /physically unshared (imprecise spec)").value(table[1][0]);
        }
    }

    void writeUnexpected(JsonWriter out, Attribution attribution) {
        AccessJson json = new AccessJson(attribution);
        out.key("unexpected-sharing").beginArray();
        for (int[] pair : unexpected) {
            ClosedScope a = scopes.get(pair[0]);
            ClosedScope b = scopes.get(pair[1]);
            out.beginObject().key("s1").string(a.name).key("s2").string(b.name).key("shared").beginArray();
            int budget = MAX;
            budget = writeMatches(out, json, a.readAddrs, a.readRecs, b.writeAddrs, b.writeRecs, "rw", budget);
            budget = writeMatches(out, json, a.writeAddrs, a.writeRecs, b.readAddrs, b.readRecs, "wr", budget);
            writeMatches(out, json, a.writeAddrs, a.writeRecs, b.writeAddrs, b.writeRecs, "ww", budget);
            out.endArray().endObject();
        }
        out.endArray();
    }

    /** Writes up to {@code budget} matches of equal addresses; returns the budget left. */
    private static int writeMatches(JsonWriter out, AccessJson json, long[] xa, PhysicalAccess[] xr, long[] ya,
            PhysicalAccess[] yr, String type, int budget) {
        int i = 0;
        int j = 0;
        while (budget > 0 && i < xa.length && j < ya.length) {
            int c = Long.compareUnsigned(xa[i], ya[j]);
            if (c == 0) {
                json.writeOpen(out, xr[i], yr[j]);
                out.key("type").string(type).endObject();
                budget--;
                i++;
                j++;
            } else if (c < 0) {
                i++;
            } else {
                j++;
            }
        }
        return budget;
    }
}
