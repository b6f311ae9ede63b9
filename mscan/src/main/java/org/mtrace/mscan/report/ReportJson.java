package org.mtrace.mscan.report;

import java.io.StringWriter;
import java.util.List;
import org.mtrace.format.Version;
import org.mtrace.mscan.json.JsonWriter;

/** The report's JSON document, schema version 1 (docs/report.md): keys in the order documented. */
final class ReportJson {
    static final int SCHEMA_VERSION = 1;

    private ReportJson() {
    }

    static String render(Report r) {
        StringWriter sw = new StringWriter();
        JsonWriter out = new JsonWriter(sw);
        out.beginObject();
        out.key("schema").string("mtrace-report").key("version").value(SCHEMA_VERSION)
                .key("tool").string("mscan report " + Version.get());
        out.key("input").beginObject().key("log").string(r.log()).key("kernel").stringOrNull(r.kernel())
                .key("line_size").value(r.lineSize()).endObject();
        out.key("missing").beginArray();
        r.missing().forEach(out::string);
        out.endArray();
        filters(out, r.filters());
        summary(out, r);
        out.key("lines").beginArray();
        for (Report.Line l : r.lines()) {
            line(out, l);
        }
        out.endArray();
        types(out, r);
        functions(out, "functions", "function", r.functions());
        functions(out, "symbols", "symbol", r.symbols());
        out.key("syscalls").beginArray();
        for (Report.SyscallRow s : r.syscalls()) {
            out.beginObject().key("syscall").string(s.syscall()).key("transfers").value(s.transfers())
                    .key("lines").value(s.lines()).endObject();
        }
        out.endArray();
        out.key("timeline").beginObject().key("first_entry").value(r.timelineFirst())
                .key("bucket_entries").value(r.bucketEntries()).key("cpus").beginArray();
        for (long[] row : r.timeline()) {
            numbers(out, row);
        }
        out.endArray().endObject();
        out.key("heatmap").beginObject().key("lines").beginArray();
        for (Report.Line l : r.lines()) {
            out.hex(l.address());
        }
        out.endArray().key("cpus").beginArray();
        r.cpus().forEach(c -> out.value(c));
        out.endArray().key("transfers").beginArray();
        for (long[] row : r.heatmap()) {
            numbers(out, row);
        }
        out.endArray().endObject();
        out.endObject();
        out.finishDocument();
        return sw.toString();
    }

    private static void numbers(JsonWriter out, long[] row) {
        out.beginArray();
        for (long v : row) {
            out.value(v);
        }
        out.endArray();
    }

    /** A code-profile table: {@code key} of rows that name their function under {@code nameKey}. */
    private static void functions(JsonWriter out, String key, String nameKey, List<Report.FunctionRow> rows) {
        out.key(key).beginArray();
        for (Report.FunctionRow f : rows) {
            out.beginObject().key(nameKey).string(f.function()).key("source").stringOrNull(f.source())
                    .key("program").stringOrNull(f.program())
                    .key("transfers").value(f.transfers()).key("lines").value(f.lines());
            stacks(out, f.stacks(), f.unstacked());
            out.endObject();
        }
        out.endArray();
    }

    /**
     * {@code "stacks"}: call stacks with their transfers, each caller innermost first; then
     * {@code "unstacked_transfers"}: the transfers under no call stack.
     */
    private static void stacks(JsonWriter out, List<Report.Stack> stacks, long unstacked) {
        out.key("stacks").beginArray();
        for (Report.Stack st : stacks) {
            out.beginObject().key("transfers").value(st.transfers()).key("callers").beginArray();
            for (Report.Frame f : st.callers()) {
                out.beginObject().key("pc").hex(f.pc()).key("function").string(f.function()).key("at").string(f.at())
                        .endObject();
            }
            out.endArray().endObject();
        }
        out.endArray().key("unstacked_transfers").value(unstacked);
    }

    private static void filters(JsonWriter out, Filters f) {
        out.key("filters").beginObject().key("sort").string(f.sort().name()).key("top").value(f.top())
                .key("struct").stringOrNull(f.struct()).key("function").stringOrNull(f.function()).key("cpus");
        if (f.cpus() == null) {
            out.nullValue();
        } else {
            out.beginArray();
            f.cpus().forEach(c -> out.value(c));
            out.endArray();
        }
        out.key("scope").string(f.scope().label());
        names(out, "syscalls", f.syscalls().only());
        names(out, "excluded_syscalls", f.syscalls().except());
        out.endObject();
    }

    /** {@code key}: null, or the names as an array. */
    private static void names(JsonWriter out, String key, List<String> names) {
        out.key(key);
        if (names == null) {
            out.nullValue();
        } else {
            out.beginArray();
            names.forEach(out::string);
            out.endArray();
        }
    }

    private static void summary(JsonWriter out, Report r) {
        Report.Summary s = r.summary();
        out.key("summary").beginObject().key("entries").value(s.entries()).key("accesses").value(s.accesses())
                .key("cpus").value(s.cpus()).key("modes").beginArray();
        s.modes().forEach(out::string);
        out.endArray().key("window").beginObject().key("first_entry").value(s.firstEntry())
                .key("last_entry").value(s.lastEntry()).endObject()
                .key("lines").value(s.lines()).key("shared_lines").value(s.sharedLines())
                .key("admitted_lines").value(s.admittedLines())
                .key("transfers").value(s.transfers()).key("kernel_transfers").value(s.kernelTransfers())
                .key("user_transfers").value(s.userTransfers())
                .key("typed_share").floatValue((float) s.typedShare()).key("data_transfers").value(s.dataTransfers())
                .key("object_typed_share").floatValue((float) s.objectTypedShare())
                .key("outside_syscalls").beginArray();
        for (Report.SyscallRow o : s.outsideSyscalls()) {
            out.beginObject().key("what").string(o.syscall()).key("transfers").value(o.transfers()).key("lines")
                    .value(o.lines());
            String where = r.outsideWhere(o);
            if (where != null) {
                out.key("where").string(where);
            }
            out.endObject();
        }
        out.endArray().key("untyped").beginArray();
        for (Report.Untyped u : s.untyped()) {
            out.beginObject().key("what").string(u.what()).key("form").string(u.form())
                    .key("transfers").value(u.transfers()).endObject();
        }
        Report.TaskStacks t = s.taskStacks();
        out.endArray().key("task_stacks").beginObject();
        stackUses(out, t.uses());
        out.key("programs").beginArray();
        for (Report.StackProgram p : t.programs()) {
            out.beginObject().key("program").string(p.program()).key("stacks").value(p.stacks());
            stackUses(out, p.uses());
            out.endObject();
        }
        out.endArray().endObject();
        out.endObject();
    }

    /** The keys of transfers on tasks' stacks by who made them: their sum, then each part. */
    private static void stackUses(JsonWriter out, Report.StackUses u) {
        out.key("transfers").value(u.transfers()).key("own_task").value(u.ownTask())
                .key("other_tasks").value(u.otherTasks()).key("exited_tasks").value(u.exitedTasks())
                .key("unknown_task").value(u.unknownTask());
    }

    private static void line(JsonWriter out, Report.Line l) {
        out.beginObject().key("rank").value(l.rank()).key("address").hex(l.address())
                .key("space").string(l.user() ? "user" : "kernel");
        out.key("what").beginArray();
        for (Report.What w : l.what()) {
            out.beginObject().key("offset").value(w.offset()).key("size").value(w.size())
                    .key("form").string(w.description().form().label()).key("type").stringOrNull(w.description().type())
                    .key("field").stringOrNull(w.description().field()).key("text").string(w.description().text())
                    .endObject();
        }
        out.endArray();
        out.key("transfers").value(l.transfers()).key("reads").value(l.reads()).key("writes").value(l.writes())
                .key("reader_cpus").value(l.readerCpus()).key("writer_cpus").value(l.writerCpus())
                .key("verdict").string(Report.verdict(l.trueSharing()));
        out.key("cpus").beginArray();
        for (Report.CpuRow c : l.cpus()) {
            out.beginObject().key("cpu").value(c.cpu()).key("transfers").value(c.transfers())
                    .key("reads").value(c.reads()).key("writes").value(c.writes())
                    .key("read_mask").hex(c.readMask()).key("write_mask").hex(c.writeMask()).endObject();
        }
        out.endArray();
        out.key("offsets").beginArray();
        for (Report.Offset o : l.offsets()) {
            out.beginObject().key("offset").value(o.offset()).key("size").value(o.size())
                    .key("field").stringOrNull(o.field()).key("transfers").value(o.transfers())
                    .key("reads").value(o.reads()).key("writes").value(o.writes())
                    .key("verdict").string(Report.verdict(o.trueSharing())).key("cpus").beginArray();
            o.cpus().forEach(c -> out.value(c));
            out.endArray().key("sites").beginArray();
            for (Report.Site s : o.sites()) {
                out.beginObject().key("pc").hex(s.pc()).key("function").stringOrNull(s.function())
                        .key("source").stringOrNull(s.source()).key("inlined").beginArray();
                s.inlined().forEach(out::string);
                out.endArray().key("transfers").value(s.transfers());
                stacks(out, s.stacks(), s.unstacked());
                out.endObject();
            }
            out.endArray().key("syscalls").beginArray();
            for (Report.Count c : o.syscalls()) {
                out.beginObject().key("syscall").string(c.name()).key("transfers").value(c.transfers()).endObject();
            }
            out.endArray().endObject();
        }
        out.endArray().endObject();
    }

    private static void types(JsonWriter out, Report r) {
        out.key("types").beginArray();
        for (Report.TypeRow t : r.types()) {
            out.beginObject().key("type").string(t.type()).key("size");
            if (t.size() < 0) {
                out.nullValue();
            } else {
                out.value(t.size());
            }
            out.key("variable_type");
            if (t.variableType() == null) {
                out.nullValue();
            } else {
                out.string(t.variableType());
            }
            out.key("element_size").value(t.elementSize());
            out.key("transfers").value(t.transfers()).key("true_transfers").value(t.trueTransfers())
                    .key("false_transfers").value(t.falseTransfers()).key("lines").value(t.lines())
                    .key("objects").value(t.objects());
            out.key("labels").beginArray();
            for (Report.Count c : t.labels()) {
                out.beginObject().key("label").string(c.name()).key("transfers").value(c.transfers()).endObject();
            }
            out.endArray();
            out.key("labelled_elsewhere").beginObject().key("transfers").value(t.elsewhere().transfers())
                    .key("objects").value(t.elsewhere().objects()).endObject();
            out.key("fields").beginArray();
            for (Report.FieldRow f : t.fields()) {
                out.beginObject().key("field").string(f.field()).key("offset").value(f.offset())
                        .key("size").value(f.size()).key("transfers").value(f.transfers())
                        .key("true_transfers").value(f.trueTransfers()).key("false_transfers").value(f.falseTransfers())
                        .endObject();
            }
            out.endArray().key("layout").beginArray();
            for (Report.LayoutRow m : t.layout()) {
                out.beginObject().key("offset").value(m.offset()).key("size").value(m.size()).key("name").string(m.name())
                        .key("type").string(m.type()).key("transfers").value(m.transfers())
                        .key("line_start").bool(m.lineStart()).key("bit").value(m.bit()).key("bit_size").value(m.bitSize())
                        .endObject();
            }
            out.endArray().endObject();
        }
        out.endArray();
    }
}
