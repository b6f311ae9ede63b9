package org.mtrace.dwarf.index;

import org.mtrace.dwarf.DwarfException;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.read.Unit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds a {@link DwarfIndex} with one {@link UnitScanner} per core; workers take units from a shared
 * counter (largest first would be better balanced, but unit order keeps DIE offsets mostly ascending) and
 * their results are merged at the end.
 */
public final class Indexer {
    private Indexer() {}

    public static DwarfIndex build(DwarfFile file, int threads) {
        int n = Math.max(1, Math.min(threads, file.unitCount()));
        List<UnitScanner> scanners = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        Throwable[] failure = new Throwable[1];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            UnitScanner s = new UnitScanner(file);
            scanners.add(s);
            Runnable job = () -> {
                try {
                    for (int u; (u = next.getAndIncrement()) < file.unitCount(); ) scan(s, file.unit(u));
                } catch (Throwable e) {
                    synchronized (failure) { if (failure[0] == null) failure[0] = e; }
                    next.set(Integer.MAX_VALUE / 2);
                }
            };
            if (t == n - 1) job.run();
            else {
                Thread th = new Thread(job, "dwarf-index-" + t);
                th.start();
                workers.add(th);
            }
        }
        for (Thread th : workers) {
            try { th.join(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        }
        if (failure[0] instanceof DwarfException de) throw de;
        if (failure[0] instanceof Error err) throw err; // out of memory, stack overflow: not the data's fault
        if (failure[0] != null) throw new IllegalStateException(failure[0]);
        return merge(scanners);
    }

    private static void scan(UnitScanner s, Unit u) {
        try {
            s.scan(u);
        } catch (DwarfException e) {
            throw e;
        } catch (RuntimeException e) {
            throw u.malformed("DIE tree", e);
        }
    }

    private static DwarfIndex merge(List<UnitScanner> scanners) {
        int cus = 0, fns = 0, vars = 0;
        long dies = 0;
        for (UnitScanner s : scanners) {
            cus += s.cuLo.size(); fns += s.fnLo.size(); vars += s.varAddr.size(); dies += s.dies;
        }
        long[] lo = new long[cus], hi = new long[cus];
        int[] v = new int[cus];
        int k = 0;
        for (UnitScanner s : scanners)
            for (int i = 0; i < s.cuLo.size(); i++, k++) { lo[k] = s.cuLo.get(i); hi[k] = s.cuHi.get(i); v[k] = s.cuUnit.get(i); }
        RangeTable units = RangeTable.sorted(lo, hi, v, cus);

        lo = new long[fns]; hi = new long[fns]; v = new int[fns]; k = 0;
        for (UnitScanner s : scanners)
            for (int i = 0; i < s.fnLo.size(); i++, k++) { lo[k] = s.fnLo.get(i); hi[k] = s.fnHi.get(i); v[k] = s.fnDie.get(i); }
        RangeTable functions = RangeTable.sorted(lo, hi, v, fns);

        long[] va = new long[vars];
        int[] vd = new int[vars];
        k = 0;
        for (UnitScanner s : scanners)
            for (int i = 0; i < s.varAddr.size(); i++, k++) { va[k] = s.varAddr.get(i); vd[k] = s.varDie.get(i); }
        int[] order = PrimitiveSort.orderByUnsigned(va, vars);
        long[] varAddr = new long[vars];
        int[] varDie = new int[vars];
        for (int i = 0; i < vars; i++) { varAddr[i] = va[order[i]]; varDie[i] = vd[order[i]]; }

        return new DwarfIndex(units, functions, varAddr, varDie, mergeTypes(scanners), dies);
    }

    private static TypeTable mergeTypes(List<UnitScanner> scanners) {
        HashMap<String, Integer> global = new HashMap<>();
        List<String> names = new ArrayList<>();
        int total = 0;
        List<int[]> localToGlobal = new ArrayList<>();
        for (UnitScanner s : scanners) {
            int[] map = new int[s.localNames.size()];
            for (int i = 0; i < map.length; i++) {
                String n = s.localNames.get(i);
                Integer id = global.get(n);
                if (id == null) { id = names.size(); names.add(n); global.put(n, id); }
                map[i] = id;
            }
            localToGlobal.add(map);
            total += s.typeDie.size();
        }
        int[] count = new int[names.size() + 1];
        for (int w = 0; w < scanners.size(); w++) {
            UnitScanner s = scanners.get(w);
            int[] map = localToGlobal.get(w);
            for (int i = 0; i < s.typeName.size(); i++) count[map[s.typeName.get(i)] + 1]++;
        }
        for (int i = 1; i < count.length; i++) count[i] += count[i - 1];
        int[] defStart = count.clone();
        int[] fill = count.clone();
        long[] packed = new long[total];
        for (int w = 0; w < scanners.size(); w++) {
            UnitScanner s = scanners.get(w);
            int[] map = localToGlobal.get(w);
            for (int i = 0; i < s.typeName.size(); i++) {
                int id = map[s.typeName.get(i)];
                packed[fill[id]++] = ((long) s.typeDie.get(i) << 8) | (s.typeTag.get(i) & 0xff);
            }
        }
        int[] defDie = new int[total];
        byte[] defTag = new byte[total];
        for (int id = 0; id < names.size(); id++) {
            Arrays.sort(packed, defStart[id], defStart[id + 1]); // DIE order within a name
        }
        for (int i = 0; i < total; i++) { defDie[i] = (int) (packed[i] >>> 8); defTag[i] = (byte) packed[i]; }
        return new TypeTable(names.toArray(new String[0]), defStart, defDie, defTag);
    }
}
