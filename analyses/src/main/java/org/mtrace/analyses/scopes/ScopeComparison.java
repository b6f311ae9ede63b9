package org.mtrace.analyses.scopes;

import java.util.ArrayList;
import java.util.List;
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

    private ScopeComparison(List<ClosedScope> scopes) {
        this.scopes = scopes;
    }

    static ScopeComparison compare(List<ClosedScope> scopes, Diagnostics diagnostics) {
        ScopeComparison c = new ScopeComparison(scopes);
        for (int i = 0; i < scopes.size(); i++) {
            for (int j = i + 1; j < scopes.size(); j++) {
                c.comparePair(i, j, diagnostics);
            }
        }
        return c;
    }

    private void comparePair(int i, int j, Diagnostics diagnostics) {
        ClosedScope a = scopes.get(i);
        ClosedScope b = scopes.get(j);
        if (!a.cpus.disjoint(b.cpus)) {
            return;
        }
        compared++;
        String shared = firstCommon(a.aread, b.awrite);
        if (shared == null) {
            shared = firstCommon(a.awrite, b.aread);
        }
        if (shared == null) {
            shared = firstCommon(a.awrite, b.awrite);
        }
        boolean concrete = intersect(a.readAddrs, b.writeAddrs) || intersect(a.writeAddrs, b.readAddrs)
                || intersect(a.writeAddrs, b.writeAddrs);
        boolean abstractShared = shared != null;
        table[abstractShared ? 1 : 0][concrete ? 1 : 0]++;
        if (concrete && !abstractShared) {
            unexpected.add(new int[] {i, j});
        }
        if (abstractShared && !concrete) {
            diagnostics.warn("Warning: Abstract sharing without concrete sharing: " + a.name + " and " + b.name + " ("
                    + shared + ")");
        }
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
