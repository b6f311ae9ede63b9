package org.mtrace.analyses.sbw0;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;
import org.mtrace.format.AccessView;
import org.mtrace.format.Bytes;
import org.mtrace.format.FcallState;
import org.mtrace.format.FcallView;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisException;
import org.mtrace.mscan.engine.Handlers;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.util.SpillBuffer;

/**
 * {@code --sbw0} (MSCAN.md §8.13): a raw dump of every access (no enable check) with the fcall tag
 * current on its CPU, then every completed call stack.
 *
 * <p>The access list is printed after the whole log was read (earlier analyses print first), so
 * accesses are kept as 45-byte binary records in a {@link SpillBuffer} (in memory up to 64 MiB,
 * then a temporary file) and rendered at the end: the heap stays bounded for any log size.
 *
 * <p>Differences: failed assertions of the original (start or resume on a CPU that already has a
 * stack, resume of an unknown tag, done without a stack) are reported as analysis errors; access
 * types above 3 (undefined in the original) print {@code "?"}.
 */
public final class Sbw0 implements Analysis {
    private static final long MEMORY_LIMIT = 64L << 20;
    // record layout
    private static final int CPU = 0;
    private static final int ACCESS_COUNT = 2;
    private static final int TYPE = 10;
    private static final int FLAGS = 11;
    private static final int PC = 12;
    private static final int HOST = 20;
    private static final int GUEST = 28;
    private static final int BYTES = 36;
    private static final int TAG = 37;
    private static final int RECORD = 45;
    private static final String[] TYPE_LETTERS = {"?", "l", "s", "s"};

    private final Attribution attribution;
    private final SpillBuffer accesses = new SpillBuffer(RECORD, MEMORY_LIMIT);
    private final long[] current = new long[TraceState.CPU_SLOTS];
    private final LongObjectHashMap<Start> starts = new LongObjectHashMap<>();
    private final List<Completed> fcalls = new ArrayList<>();

    private record Start(int cpu, long pc, long accessCount) {
    }

    private record Completed(long tag, Start start, long doneAccessCount, boolean doneValue) {
    }

    Sbw0(Attribution attribution) {
        this.attribution = attribution;
    }

    @Override
    public String name() {
        return "sbw0";
    }

    @Override
    public void subscribe(Handlers on) {
        on.access(this::onAccess).fcall(this::onFcall);
    }

    private void onAccess(AccessView a, TraceState state) {
        int cpu = a.cpu();
        int off = accesses.append();
        byte[] b = accesses.block();
        Bytes.put16(b, off + CPU, cpu);
        Bytes.put64(b, off + ACCESS_COUNT, a.accessCount());
        Bytes.put8(b, off + TYPE, (int) Math.min(a.accessType(), 255));
        Bytes.put8(b, off + FLAGS, a.flags());
        Bytes.put64(b, off + PC, a.pc());
        Bytes.put64(b, off + HOST, a.hostAddr());
        Bytes.put64(b, off + GUEST, a.guestAddr());
        Bytes.put8(b, off + BYTES, a.bytes());
        Bytes.put64(b, off + TAG, current[cpu]);
    }

    private void onFcall(FcallView f, TraceState state) {
        int cpu = f.cpu();
        long s = f.state();
        if (s == FcallState.START.code()) {
            check(current[cpu] == 0, "start of 0x" + Long.toHexString(f.tag()) + " on cpu " + cpu + " inside another stack");
            starts.put(f.tag(), new Start(cpu, f.pc(), f.accessCount()));
            current[cpu] = f.tag();
        } else if (s == FcallState.RESUME.code()) {
            check(current[cpu] == 0, "resume on cpu " + cpu + " inside another stack");
            check(starts.containsKey(f.tag()), "resume of unknown tag 0x" + Long.toHexString(f.tag()));
            current[cpu] = f.tag();
        } else if (s == FcallState.PAUSE.code()) {
            current[cpu] = 0;
        } else if (s == FcallState.DONE.code() || s == FcallState.DONE_VALUE.code()) {
            long t = current[cpu];
            check(t != 0, "done on cpu " + cpu + " without a current stack");
            current[cpu] = 0;
            fcalls.add(new Completed(t, starts.get(t), f.accessCount(), s == FcallState.DONE_VALUE.code()));
        } else {
            throw new AnalysisException("handle: default");
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AnalysisException("assertion failed: " + what);
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        out.key("accesses").beginArray();
        accesses.replay((b, off) -> writeAccess(out, b, off));
        accesses.close();
        out.endArray();
        out.key("fcalls").beginArray();
        for (Completed c : fcalls) {
            out.beginObject()
                    .key("tag").unsignedValue(c.tag)
                    .key("cpu").value(c.start.cpu)
                    .key("description").string(attribution.func(c.start.pc))
                    .key("pc").hex(c.start.pc)
                    .key("start-access-count").unsignedValue(c.start.accessCount)
                    .key("done-access-count").unsignedValue(c.doneAccessCount)
                    .key("done-value").value(c.doneValue ? 1 : 0)
                    .endObject();
        }
        out.endArray();
    }

    private void writeAccess(JsonWriter out, byte[] b, int off) {
        int type = Bytes.u8(b, off + TYPE);
        int flags = Bytes.u8(b, off + FLAGS);
        long pc = Bytes.u64(b, off + PC);
        out.beginObject()
                .key("cpu").value(Bytes.u16(b, off + CPU))
                .key("access-count").unsignedValue(Bytes.u64(b, off + ACCESS_COUNT))
                .key("access-type").string(type < TYPE_LETTERS.length ? TYPE_LETTERS[type] : "?")
                .key("traffic").value(flags & 1)
                .key("pc").hex(pc)
                .key("host-addr").hex(Bytes.u64(b, off + HOST))
                .key("guest-addr").hex(Bytes.u64(b, off + GUEST))
                .key("bytes").value(Bytes.u8(b, off + BYTES))
                .key("deps").value((flags >> 2) & 1)
                .key("description").string(attribution.describe(pc))
                .key("fcall").unsignedValue(Bytes.u64(b, off + TAG))
                .endObject();
    }
}
