package org.mtrace.mscan.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The report's tables as CSV files (RFC 4180, a header row each) in one directory: lines.csv,
 * offsets.csv, sites.csv, stacks.csv, types.csv, fields.csv, functions.csv, symbols.csv, syscalls.csv. Column
 * names are the JSON keys.
 */
final class ReportCsv {
    private ReportCsv() {
    }

    static void write(Report r, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Writer w = open(dir, "lines.csv")) {
            row(w, "rank", "address", "space", "transfers", "reads", "writes", "reader_cpus", "writer_cpus", "verdict",
                    "what");
            for (Report.Line l : r.lines()) {
                StringBuilder what = new StringBuilder();
                for (Report.What x : l.what()) {
                    what.append(what.length() == 0 ? "" : "; ").append('+').append(x.offset()).append(' ')
                            .append(x.description().text());
                }
                row(w, l.rank(), hex(l.address()), l.user() ? "user" : "kernel", l.transfers(), l.reads(), l.writes(),
                        l.readerCpus(), l.writerCpus(), Report.verdict(l.trueSharing()), what);
            }
        }
        try (Writer w = open(dir, "offsets.csv"); Writer s = open(dir, "sites.csv"); Writer c = open(dir, "stacks.csv")) {
            row(w, "rank", "address", "offset", "size", "field", "transfers", "reads", "writes", "verdict", "cpus");
            row(s, "rank", "address", "offset", "size", "pc", "function", "source", "inlined", "transfers",
                    "unstacked_transfers");
            row(c, "rank", "address", "offset", "size", "pc", "transfers", "callers", "caller_pcs");
            for (Report.Line l : r.lines()) {
                for (Report.Offset o : l.offsets()) {
                    row(w, l.rank(), hex(l.address()), o.offset(), o.size(), o.field(), o.transfers(), o.reads(),
                            o.writes(), Report.verdict(o.trueSharing()), join(o.cpus()));
                    for (Report.Site site : o.sites()) {
                        row(s, l.rank(), hex(l.address()), o.offset(), o.size(), hex(site.pc()), site.function(),
                                site.source(), String.join(" < ", site.inlined()), site.transfers(), site.unstacked());
                        for (Report.Stack st : site.stacks()) {
                            row(c, l.rank(), hex(l.address()), o.offset(), o.size(), hex(site.pc()), st.transfers(),
                                    st.chain(),
                                    String.join(" ", st.callers().stream().map(f -> hex(f.pc())).toList()));
                        }
                    }
                }
            }
        }
        try (Writer w = open(dir, "types.csv"); Writer f = open(dir, "fields.csv")) {
            row(w, "type", "size", "transfers", "true_transfers", "false_transfers", "lines", "objects", "variable_type",
                    "element_size");
            row(f, "type", "field", "offset", "size", "transfers", "true_transfers", "false_transfers");
            for (Report.TypeRow t : r.types()) {
                row(w, t.type(), t.size() < 0 ? null : t.size(), t.transfers(), t.trueTransfers(), t.falseTransfers(),
                        t.lines(), t.objects(), t.variableType(), t.elementSize());
                for (Report.FieldRow x : t.fields()) {
                    row(f, t.type(), x.field(), x.offset(), x.size(), x.transfers(), x.trueTransfers(), x.falseTransfers());
                }
            }
        }
        functions(dir, "functions.csv", "function", r.functions());
        functions(dir, "symbols.csv", "symbol", r.symbols());
        try (Writer w = open(dir, "syscalls.csv")) {
            row(w, "syscall", "transfers", "lines");
            for (Report.SyscallRow x : r.syscalls()) {
                row(w, x.syscall(), x.transfers(), x.lines());
            }
        }
    }

    private static void functions(Path dir, String file, String nameColumn, List<Report.FunctionRow> rows)
            throws IOException {
        try (Writer w = open(dir, file)) {
            row(w, nameColumn, "source", "program", "transfers", "lines", "unstacked_transfers");
            for (Report.FunctionRow x : rows) {
                row(w, x.function(), x.source(), x.program(), x.transfers(), x.lines(), x.unstacked());
            }
        }
    }

    private static Writer open(Path dir, String name) throws IOException {
        return Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
    }

    /** One record; null is an empty field; a field with a comma, quote or line break is quoted. */
    private static void row(Writer w, Object... fields) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String v = fields[i] == null ? "" : fields[i].toString();
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                v = '"' + v.replace("\"", "\"\"") + '"';
            }
            sb.append(v);
        }
        w.write(sb.append("\r\n").toString());
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String join(List<Integer> xs) {
        StringBuilder sb = new StringBuilder();
        for (int x : xs) {
            sb.append(sb.length() == 0 ? "" : " ").append(x);
        }
        return sb.toString();
    }
}
