package org.mtrace.analyses.sharedaddr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.format.AccessView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.labels.LabelObject;

/**
 * {@code --shared-addresses} (MSCAN.md §8.9): for every exact (address, labelled object) pair
 * accessed (no enable check), how often, from which PCs and CPUs. Rows come out in the original's
 * hash-table order ({@link GnuHashMapOrder}).
 *
 * <p>Speed: the object at an address only changes when labels change, so the row last used for an
 * address is reused without a label lookup while the label-map generation is unchanged; a per-CPU
 * register skips even the row lookup for repeated accesses to one address.
 *
 * <p>Difference: an unlabelled address gets base 0, so its {@code "address"} is the fallback of
 * the empty type name at offset = the address (the original used an uninitialised base).
 */
public final class SharedAddresses implements Analysis {
    private final Attribution attribution;
    private final LongObjectHashMap<AddressRows> byAddress = new LongObjectHashMap<>();
    private final List<AddressRow> rows = new ArrayList<>();
    private final AddressRow[] lastRow = new AddressRow[TraceState.CPU_SLOTS];

    SharedAddresses(Attribution attribution) {
        this.attribution = attribution;
    }

    @Override
    public String name() {
        return "shared-addresses";
    }

    @Override
    public Requirements requirements() {
        return Requirements.NONE.andEntries(EntryType.ACCESS);
    }

    @Override
    public Set<EntryType> entryTypes() {
        return Set.of(EntryType.ACCESS);
    }

    /** Per row an object with three small arrays (about 200 bytes), per address a map slot and a list. */
    @Override
    public long stateBytes() {
        return 200L * rows.size() + 64L * byAddress.size();
    }

    @Override
    public void onEntry(Entry e, TraceState state) {
        AccessView a = e.asAccess();
        int cpu = e.cpu();
        long addr = a.guestAddr();
        long generation = state.labels().generation();
        AddressRow row = lastRow[cpu];
        if (row == null || row.address != addr || row.generation != generation) {
            row = rowFor(addr, generation, state.labels());
            lastRow[cpu] = row;
        }
        row.count(a.pc(), cpu);
    }

    private AddressRow rowFor(long addr, long generation, LabelMaps labels) {
        AddressRows rs = byAddress.get(addr);
        if (rs == null) {
            rs = new AddressRows();
            byAddress.put(addr, rs);
        } else if (rs.current.generation == generation) {
            return rs.current;
        }
        LabelObject o = labels.objectAt(addr);
        long id = o == null ? 0 : o.id();
        AddressRow row = rs.find(id);
        if (row == null) {
            row = new AddressRow(addr, id, o == null ? "" : o.name(), o == null ? 0 : o.start());
            rows.add(row);
            rs.add(row);
        }
        rs.current = row;
        row.generation = generation;
        return row;
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        long[] hashes = new long[rows.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = GnuHashMapOrder.hash(rows.get(i).address, rows.get(i).objectId);
        }
        long numCpus = state.numCpus();
        state.checkNumCpus(); // every row is padded to num_cpus counts (a longer row of its own is the original's)
        int[] order = GnuHashMapOrder.iterationOrder(hashes); // before the first key: may fail
        out.key("shared-addresses").beginArray();
        for (int i : order) {
            writeRow(out, rows.get(i), numCpus);
        }
        out.endArray();
    }

    private void writeRow(JsonWriter out, AddressRow row, long numCpus) {
        out.beginObject()
                .key("name").string(row.name)
                .key("address").string(attribution.resolve(row.name, row.base, row.address - row.base, 0));
        long total = 0;
        out.key("count-per-pc").beginArray();
        for (long pc : row.sortedPcs()) {
            long n = row.countOf(pc);
            total += n;
            out.beginObject().key("info").string(attribution.describe(pc)).key("count").value(n).endObject();
        }
        out.endArray();
        out.key("count-per-cpu").beginArray();
        long[] perCpu = row.perCpu();
        for (long n : perCpu) {
            out.value(n);
        }
        for (long c = perCpu.length; c < numCpus; c++) {
            out.value(0);
        }
        out.endArray();
        out.key("count").value(total).endObject();
    }
}
