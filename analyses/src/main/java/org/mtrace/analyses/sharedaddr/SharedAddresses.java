package org.mtrace.analyses.sharedaddr;

import org.mtrace.format.AccessView;
import org.mtrace.format.EntryType;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.AddressDescription;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.StackFrameVotes;

/**
 * {@code --shared-addresses} (MSCAN.md §8.9): for every exact (address, labelled object) pair
 * accessed (no enable check), how often, from which PCs and CPUs. Rows come out in the original's
 * hash-table order ({@link GnuHashMapOrder}); the rows are counted by {@link AddressRowTable}.
 *
 * <p>Difference: an unlabelled address gets base 0, so its {@code "address"} is the fallback of
 * the empty type name at offset = the address (the original used an uninitialised base).
 *
 * <p>Addition: a row on a kernel stack label ({@code stack of 812 (rm)}), or unlabelled in the vmalloc
 * or CPU entry area, whose PCs agree on the function whose frame holds it ({@link StackRow}) reads
 * {@code stack of 812 (rm)+0x3f28, frame of do_sys_openat2: op.lookup_flags} and lists the deciding PCs
 * in {@code "frame-decided-by"}.
 */
public final class SharedAddresses implements Analysis {
    /** Rows read ahead together ({@link AddressRowTable#touch}): about 200 KB of their cache lines. */
    private static final int TOUCH_BLOCK = 128;

    private final Attribution attribution;
    private final AddressRowTable table = new AddressRowTable();

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
    public void subscribe(Handlers on) {
        on.access(this::onAccess);
    }

    @Override
    public long stateBytes() {
        return table.stateBytes();
    }

    private void onAccess(AccessView a, TraceState state) {
        table.count(a.guestAddr(), a.pc(), a.cpu(), state.labels());
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        table.finishCounting();
        long numCpus = state.numCpus();
        state.checkNumCpus(); // every row is padded to num_cpus counts (a longer row of its own is the original's)
        LongPages hashes = new LongPages();
        for (int i = 0; i < table.size(); i++) {
            hashes.add(GnuHashMapOrder.hash(table.address(i), table.objectId(i)));
        }
        GnuHashMapOrder.Chains order = GnuHashMapOrder.insertAll(table.size(), hashes::get); // before the first key: may fail
        hashes = null; // the chains hold the order; rows are written from the table
        out.key("shared-addresses").beginArray();
        AddressRow view = new AddressRow();
        int[] block = new int[TOUCH_BLOCK]; // rows in hash order, read ahead a block at a time
        int[] inBlock = {0};
        Runnable write = () -> {
            table.touch(block, inBlock[0]);
            for (int i = 0; i < inBlock[0]; i++) {
                writeRow(out, table.load(block[i], view), numCpus);
            }
            inBlock[0] = 0;
        };
        order.forEach(i -> {
            block[inBlock[0]++] = i;
            if (inBlock[0] == block.length) {
                write.run();
            }
        });
        write.run();
        out.endArray();
    }

    private void writeRow(JsonWriter out, AddressRow row, long numCpus) {
        StackFrameVotes frame = StackRow.votes(attribution, row);
        AddressDescription stack = frame == null ? null
                : attribution.describeStack(row.name, row.base, row.address - row.base, frame);
        out.beginObject()
                .key("name").string(row.name)
                .key("address").string(stack != null ? stack.text()
                        : attribution.resolve(row.name, row.base, row.address - row.base, 0));
        if (stack != null) { // not in the original: its logs have no stack labels
            out.key("frame-decided-by").beginArray();
            for (long pc : frame.pcs()) {
                out.string(attribution.describe(pc));
            }
            out.endArray();
        }
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
