package org.mtrace.analyses.faults;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.FaultKind;
import org.mtrace.format.SchedView;
import org.mtrace.mscan.engine.Analysis;
import org.mtrace.mscan.engine.AnalysisException;
import org.mtrace.mscan.engine.Requirements;
import org.mtrace.mscan.engine.TraceState;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.KernelLayout;

/**
 * {@code page-faults} (docs/analyses.md): the recorder's page-fault entries (page faults, pages
 * read from and written to swap) ranked by PC, by VMA and by page, per task and kind, with a time
 * series over the log, the log's counterparts of /proc/vmstat's counters, and optionally every event
 * as a CSV row.
 */
public final class PageFaults implements Analysis {
    /** Rows of each ranking printed. */
    static final int TOP = 20;
    /** Time-series buckets at most. */
    static final int BUCKETS = 50;
    private static final long PAGE_MASK = ~0xfffL;

    private final FaultRows rows = new FaultRows();
    private final Attribution attribution;
    private final String csvPath;

    PageFaults(Attribution attribution, String csvPath) {
        this.attribution = attribution;
        this.csvPath = csvPath;
    }

    @Override
    public String name() {
        return "page-faults";
    }

    @Override
    public Requirements requirements() {
        return Requirements.NONE;
    }

    @Override
    public Set<EntryType> entryTypes() {
        return Set.of(EntryType.SCHED);
    }

    @Override
    public void onEntry(Entry e, TraceState state) {
        SchedView s = e.asSched();
        if (s.isPageFault()) {
            rows.add(s, e.index());
        }
    }

    @Override
    public void finish(TraceState state, JsonWriter out) {
        if (csvPath != null) {
            FaultCsv.write(rows, csvPath); // before the first key: a failure leaves no half-written result
        }
        out.key("page-faults").beginObject();
        writeTotals(out);
        writeByPc(out);
        writeByVma(out);
        writeByPage(out);
        writeByTask(out);
        writeTimeSeries(out);
        out.endObject();
    }

    /** Totals per kind, and what /proc/vmstat counts for the same events. */
    private void writeTotals(JsonWriter out) {
        KindCounts all = new KindCounts();
        long retried = 0;
        long majorResults = 0;
        for (int i = 0; i < rows.size(); i++) {
            all.add(rows.kind.get(i));
            FaultKind k = FaultKind.ofCode(rows.kind.get(i));
            if (k != null && k.isFault()) {
                long r = rows.result.get(i);
                retried += (r & FaultKind.VM_FAULT_RETRY) != 0 ? 1 : 0;
                majorResults += (r & FaultKind.VM_FAULT_MAJOR) != 0 ? 1 : 0;
            }
        }
        out.key("totals").beginObject();
        all.write(out);
        out.key("retried").unsignedValue(retried);
        out.endObject();
        long faults = all.of(FaultKind.MINOR) + all.of(FaultKind.MAJOR) + all.of(FaultKind.SWAP_IN);
        out.key("vmstat").beginObject()
                .key("pgfault").unsignedValue(faults - retried)
                .key("pgmajfault").unsignedValue(majorResults)
                .key("pswpin").unsignedValue(all.of(FaultKind.SWAP_READ))
                .key("pswpout").unsignedValue(all.of(FaultKind.SWAP_OUT))
                .endObject();
    }

    private void writeByPc(JsonWriter out) {
        Ranking<Long> byPc = new Ranking<>(Long::compareUnsigned);
        for (int i = 0; i < rows.size(); i++) {
            byPc.add(rows.pc.get(i), rows.kind.get(i));
        }
        out.key("by-pc").beginArray();
        for (Map.Entry<Long, KindCounts> g : byPc.top(TOP)) {
            long pc = g.getKey();
            out.beginObject().key("pc").hex(pc);
            if (KernelLayout.isUser(pc)) {
                out.key("function").string(pc == 0 ? "unknown" : "user");
            } else if (attribution.kernel().isImage()) {
                out.key("function").string(attribution.describe(pc));
            }
            g.getValue().write(out);
            out.endObject();
        }
        out.endArray();
    }

    /** A process's VMA. */
    private record Vma(long tgid, long start, long end) {
        static final Comparator<Vma> ORDER = Comparator.comparingLong(Vma::tgid)
                .thenComparing(Vma::start, Long::compareUnsigned).thenComparing(Vma::end, Long::compareUnsigned);
    }

    private void writeByVma(JsonWriter out) {
        Ranking<Vma> byVma = new Ranking<>(Vma.ORDER);
        for (int i = 0; i < rows.size(); i++) {
            if (rows.vmaEnd.get(i) != 0) { // swap-out and swap reads outside a fault have none
                byVma.add(new Vma(rows.tgid.get(i), rows.vmaStart.get(i), rows.vmaEnd.get(i)), rows.kind.get(i));
            }
        }
        out.key("by-vma").beginArray();
        for (Map.Entry<Vma, KindCounts> g : byVma.top(TOP)) {
            Vma v = g.getKey();
            out.beginObject().key("tgid").unsignedValue(v.tgid()).key("start").hex(v.start()).key("end").hex(v.end());
            g.getValue().write(out);
            out.endObject();
        }
        out.endArray();
    }

    /** A process's virtual page. */
    private record Page(long tgid, long page) {
        static final Comparator<Page> ORDER = Comparator.comparingLong(Page::tgid)
                .thenComparing(Page::page, Long::compareUnsigned);
    }

    private void writeByPage(JsonWriter out) {
        Ranking<Page> byPage = new Ranking<>(Page.ORDER);
        for (int i = 0; i < rows.size(); i++) {
            if (rows.address.get(i) != 0) {
                byPage.add(new Page(rows.tgid.get(i), rows.address.get(i) & PAGE_MASK), rows.kind.get(i));
            }
        }
        out.key("pages").unsignedValue(byPage.size());
        out.key("by-page").beginArray();
        for (Map.Entry<Page, KindCounts> g : byPage.top(TOP)) {
            out.beginObject().key("tgid").unsignedValue(g.getKey().tgid()).key("page").hex(g.getKey().page());
            g.getValue().write(out);
            out.endObject();
        }
        out.endArray();
    }

    /** A thread and its process. */
    private record Task(long pid, long tgid) {
        static final Comparator<Task> ORDER = Comparator.comparingLong(Task::pid).thenComparingLong(Task::tgid);
    }

    private void writeByTask(JsonWriter out) {
        Ranking<Task> byTask = new Ranking<>(Task.ORDER);
        for (int i = 0; i < rows.size(); i++) {
            byTask.add(new Task(rows.pid.get(i), rows.tgid.get(i)), rows.kind.get(i));
        }
        out.key("by-task").beginArray();
        for (Map.Entry<Task, KindCounts> g : byTask.top(Integer.MAX_VALUE)) {
            out.beginObject().key("pid").unsignedValue(g.getKey().pid()).key("tgid").unsignedValue(g.getKey().tgid());
            g.getValue().write(out);
            out.endObject();
        }
        out.endArray();
    }

    /**
     * Events per bucket of log entries, from the first event's entry to the last one's: at most
     * {@link #BUCKETS} buckets of equal width (the last may be shorter), empty ones included.
     */
    private void writeTimeSeries(JsonWriter out) {
        out.key("time-series").beginObject();
        int n = rows.size();
        long first = n == 0 ? 0 : rows.entryIndex.get(0);
        long span = n == 0 ? 0 : rows.entryIndex.get(n - 1) - first + 1;
        long width = Math.max(1, (span + BUCKETS - 1) / BUCKETS);
        out.key("bucket-entries").unsignedValue(width);
        out.key("buckets").beginArray();
        int i = 0;
        for (long start = first; start < first + span; start += width) {
            KindCounts c = new KindCounts();
            for (; i < n && rows.entryIndex.get(i) < start + width; i++) {
                c.add(rows.kind.get(i));
            }
            out.beginObject().key("first-entry").unsignedValue(start);
            c.write(out);
            out.endObject();
        }
        out.endArray();
        out.endObject();
    }

    static AnalysisException csvFailure(String path, String why) {
        return new AnalysisException("page-faults: cannot write " + path + ": " + why);
    }
}
