package org.mtrace.analyses.sharedaddr;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.labels.LabelMaps;
import org.mtrace.mscan.labels.LabelObject;

/**
 * The (address, labelled object) rows of shared-addresses (MSCAN.md §8.9), counted per PC and
 * CPU, in creation order; the coverage figure ({@link AttributionCoverage}) classifies the same
 * rows.
 *
 * <p>Speed: the object at an address only changes when labels change, so the row last used for an
 * address is reused without a label lookup while the label-map generation is unchanged; a per-CPU
 * register skips even the row lookup for repeated accesses to one address.
 */
final class AddressRowTable {
    private final LongObjectHashMap<AddressRows> byAddress = new LongObjectHashMap<>();
    private final List<AddressRow> rows = new ArrayList<>();
    private final AddressRow[] lastRow = new AddressRow[TraceState.CPU_SLOTS];

    /** Counts one access to {@code addr} from {@code pc} on {@code cpu}. */
    void count(long addr, long pc, int cpu, LabelMaps labels) {
        long generation = labels.generation();
        AddressRow row = lastRow[cpu];
        if (row == null || row.address != addr || row.generation != generation) {
            row = rowFor(addr, generation, labels);
            lastRow[cpu] = row;
        }
        row.count(pc, cpu);
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
            row = o == null ? new AddressRow(addr, 0, "", 0, 0, 0)
                    : new AddressRow(addr, id, o.name(), o.start(), o.labelType(), o.allocPc());
            rows.add(row);
            rs.add(row);
        }
        rs.current = row;
        row.generation = generation;
        return row;
    }

    /** Per row an object with three small arrays (about 200 bytes), per address a map slot and a list. */
    long stateBytes() {
        return 200L * rows.size() + 64L * byAddress.size();
    }

    /** The rows in creation order. */
    List<AddressRow> rows() {
        return rows;
    }
}
