package org.mtrace.mscan.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as terminal tables, every line at most {@link #WIDTH} columns (longer ones are cut
 * with "..."): summary, ranked cache lines with their offsets and code sites, the data profile by
 * type with a pahole-style layout, the code profile by function and system call.
 */
final class ReportText {
    static final int WIDTH = 120;
    /** Rows at most for a line's transfers per CPU ({@link #cpuRows}). */
    static final int CPU_ROWS = 2;
    /** Layouts printed in the text (the JSON has up to {@link ReportModel#LAYOUTS}). */
    static final int TEXT_LAYOUTS = 3;
    /** Code sites printed per offset in the text. */
    static final int TEXT_SITES = 3;
    /** Call stacks printed under a code site or a function (the JSON has {@link CallerStacks#LISTED}). */
    static final int TEXT_STACKS = 2;
    /** Programs whose threads' stacks the summary's task-stack line lists, busiest first (the JSON has more). */
    static final int TASK_STACK_PROGRAMS = 5;
    /** Width of the field column of a line's offset rows; a longer field gets a row of its own. */
    private static final int OFFSET_FIELD = 28;

    private final PrintStream out;

    private ReportText(PrintStream out) {
        this.out = out;
    }

    static void print(Report r, PrintStream out) {
        new ReportText(out).all(r);
    }

    private void all(Report r) {
        Report.Summary s = r.summary();
        line("mscan report: " + r.log() + "  (kernel: " + (r.kernel() == null ? "none" : r.kernel()) + ", "
                + r.lineSize() + "-byte lines)");
        List<String> options = r.filters().asOptions();
        if (!options.isEmpty()) { // figures of a selection: say which, so that a saved report says it too
            line("filters: " + String.join(" ", options));
        }
        for (String m : r.missing()) {
            wrapped("missing: ", m); // a note says what to do at its end: wrapped, not cut
        }
        line("");
        line("== Summary");
        line(String.format(Locale.ROOT, "  entries %,d   accesses %,d   CPUs %d   modes %s   window: entries %,d to %,d", s.entries(),
                s.accesses(), s.cpus(), s.modes().isEmpty() ? "-" : String.join(",", s.modes()), s.firstEntry(),
                s.lastEntry()));
        line(String.format(Locale.ROOT, "  transfers %,d (kernel %,d, user %,d)   lines %,d   shared lines %,d   typed %.1f%%",
                s.transfers(), s.kernelTransfers(), s.userTransfers(), s.lines(), s.sharedLines(), 100 * s.typedShare()));
        if (s.dataTransfers() > 0 && s.dataTransfers() == s.transfers()) { // --user-only, say: no share to give
            line("  kernel memory only: none (every transfer was to user or file data)");
        } else if (s.dataTransfers() > 0) {
            line(String.format(Locale.ROOT, "  kernel memory only (user and file data, %.1f%% of transfers, left out): typed %.1f%%",
                    100.0 * s.dataTransfers() / s.transfers(), 100 * s.objectTypedShare()));
        }
        if (!s.untyped().isEmpty()) { // wrapped, not cut: the groups are what the typed share leaves out
            StringBuilder b = new StringBuilder("  untyped:");
            for (int i = 0; i < s.untyped().size(); i++) {
                Report.Untyped u = s.untyped().get(i);
                String item = String.format(Locale.ROOT, " %s %.1f%%%s", u.what(), 100.0 * u.transfers() / s.transfers(),
                        i + 1 < s.untyped().size() ? "," : "");
                if (b.length() + item.length() > WIDTH && b.length() > 12) {
                    line(b.toString());
                    b.setLength(0);
                    b.append("           ");
                }
                b.append(item);
            }
            line(b.toString());
        }
        taskStacks(s);
        line("");
        lines(r);
        types(r);
        code(r);
    }

    /**
     * Who moved the lines of tasks' stacks, where the log's sched entries say which task ran: its own
     * task (migrated, or returning to a line another task touched) or other tasks.
     */
    private void taskStacks(Report.Summary s) {
        Report.TaskStacks t = s.taskStacks();
        Report.StackUses u = t.uses();
        if (u.transfers() == u.unknownTask()) {
            return; // no stack transfers, or no sched entries to tell whose they were
        }
        String exited = u.exitedTasks() == 0 ? "" : String.format(Locale.ROOT,
                ", on exited tasks' stacks %.1f%% (freed stacks made ready for new tasks)", 100.0 * u.exitedTasks() / s.transfers());
        String unknown = u.unknownTask() == 0 ? ""
                : String.format(Locale.ROOT, ", unknown %.1f%%", 100.0 * u.unknownTask() / s.transfers());
        wrapped("  task stacks ", String.format(Locale.ROOT,
                "%.1f%%: by their own task %.1f%% (it migrated, or another task touched the line), by other tasks %.1f%%%s%s",
                100.0 * t.transfers() / s.transfers(), 100.0 * u.ownTask() / s.transfers(),
                100.0 * u.otherTasks() / s.transfers(), exited, unknown));
        List<Report.StackProgram> listed = t.programs().subList(0, Math.min(TASK_STACK_PROGRAMS, t.programs().size()));
        List<String> programs = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            Report.StackProgram p = listed.get(i);
            programs.add(String.format(Locale.ROOT, "%s %.1f%% (%d %s)%s", p.program(), 100.0 * p.uses().transfers() / s.transfers(),
                    p.stacks(), p.stacks() == 1 ? "stack" : "stacks", i + 1 < listed.size() ? "," : ""));
        }
        if (!programs.isEmpty()) {
            wrapped("    by program: ", programs);
        }
    }

    /** "62204 shared lines", or under --struct/--function "312 shared lines holding dentry (of 62204)". */
    private static String rankedFrom(Report r) {
        Report.Summary s = r.summary();
        if (!s.linesFiltered()) {
            return s.sharedLines() + " shared lines";
        }
        String struct = r.filters().struct() == null ? "" : " holding " + r.filters().struct();
        String function = r.filters().function() == null ? ""
                : (struct.isEmpty() ? "" : " and") + " with code in " + r.filters().function();
        return s.admittedLines() + " shared lines" + struct + function + " (of " + s.sharedLines() + ")";
    }

    private void lines(Report r) {
        String title = "== Cache lines by " + r.filters().sort() + " (top " + r.lines().size() + " of " + rankedFrom(r);
        String verdict = "verdict from the bytes each CPU touched)";
        if (title.length() + 2 + verdict.length() <= WIDTH) {
            line(title + "; " + verdict);
        } else { // a long filter phrase: the verdict's note on a line of its own rather than cut off
            line(title + ";");
            line("   " + verdict);
        }
        if (r.lines().isEmpty()) { // a header over no rows reads like a bug: say why there are none
            line("  (none: " + (r.summary().sharedLines() == 0 ? "no line moved between CPUs, see the missing note above"
                    : "the filters admit no shared line") + ")");
            line("");
            return;
        }
        line(String.format(Locale.ROOT, "  %3s  %-18s  %9s  %8s  %8s  %4s  %4s  %-7s  %s", "#", "address", "transfers", "reads",
                "writes", "rCPU", "wCPU", "verdict", "what (offset: description)"));
        for (Report.Line l : r.lines()) {
            line(String.format(Locale.ROOT, "  %3d  %-18s  %9d  %8d  %8d  %4d  %4d  %-7s  %s", l.rank(), hex(l.address()),
                    l.transfers(), l.reads(), l.writes(), l.readerCpus(), l.writerCpus(),
                    Report.verdict(l.trueSharing()), whatByTransfers(l)));
            cpuRows(l.cpus());
            for (Report.Offset o : l.offsets()) {
                List<String> sys = new ArrayList<>();
                o.syscalls().forEach(c -> sys.add(c.name() + " " + c.transfers()));
                String place = String.format(Locale.ROOT, "       +%-3d %-3s  ", o.offset(), o.size() + "B");
                String field = ownLineIfLonger(place, o.field() == null ? "-" : o.field().isEmpty() ? "(whole)" : o.field(),
                        OFFSET_FIELD);
                if (field.isEmpty()) { // the offset and size went with the field: blank under them
                    place = " ".repeat(place.length());
                }
                // on a truly shared line, a field whose own bytes are not shared moves by false sharing
                line(String.format(Locale.ROOT, "%s%-" + OFFSET_FIELD + "s %7d (r%d w%d)%s  CPUs %s%s", place, field,
                        o.transfers(), o.reads(), o.writes(), l.trueSharing() && !o.trueSharing() ? "  false sharing" : "",
                        join(o.cpus()),
                        sys.isEmpty() ? "" : "  syscalls " + String.join(", ", sys)));
                List<TextSite> sites = textSites(o.sites());
                for (int i = 0; i < sites.size() && i < TEXT_SITES; i++) {
                    TextSite site = sites.get(i);
                    line(String.format(Locale.ROOT, "             %7d  %s%s%s", site.transfers, site.where,
                            site.pcs > 1 ? "  [" + site.pcs + " PCs]" : "", site.inlined));
                    site.stacks.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                            .limit(TEXT_STACKS).forEach(st -> line(String.format(Locale.ROOT,
                                    "                      %7d  called from %s", st.getValue(), st.getKey())));
                    unstacked("                      ", site.unstacked);
                }
            }
        }
        line("");
    }

    /**
     * The row's "what lives there": one item per (offset, description), the busiest offset first (the
     * row is cut at the 120th column, and the field that moves the line is what the reader is after;
     * ties by offset). Accesses of two sizes at one offset (a byte's bit operation and a word's load
     * of page.flags) are one item here, two in the offset rows.
     */
    private static String whatByTransfers(Report.Line l) {
        Map<Integer, Long> atOffset = new HashMap<>();
        l.offsets().forEach(o -> atOffset.merge(o.offset(), o.transfers(), Long::sum));
        List<Report.What> what = new ArrayList<>(l.what());
        what.sort(Comparator.comparingLong((Report.What w) -> -atOffset.getOrDefault(w.offset(), 0L))
                .thenComparingInt(Report.What::offset));
        LinkedHashSet<String> items = new LinkedHashSet<>();
        for (Report.What w : what) {
            items.add("+" + w.offset() + ": " + short_(w));
        }
        return String.join("; ", items);
    }

    /**
     * The line's transfers per CPU, wrapped rather than cut: in CPU order when they fit on
     * {@value #CPU_ROWS} rows, else the busiest CPUs first, as many as fit, and how many CPUs and
     * transfers are left out (a 64-CPU machine would otherwise fill a screen per line).
     */
    private void cpuRows(List<Report.CpuRow> rows) {
        List<String> items = new ArrayList<>();
        rows.forEach(c -> items.add(cpuItem(c)));
        String first = "       CPUs: ";
        List<String> inOrder = broken(first, items);
        if (inOrder.size() <= CPU_ROWS) {
            inOrder.forEach(this::line);
            return;
        }
        List<Report.CpuRow> busiest = new ArrayList<>(rows);
        busiest.sort(Comparator.comparingLong((Report.CpuRow c) -> -c.transfers()).thenComparingInt(Report.CpuRow::cpu));
        String firstBusiest = "       CPUs, busiest first: ";
        for (int shown = busiest.size() - 1; shown >= 0; shown--) {
            List<String> some = new ArrayList<>();
            busiest.subList(0, shown).forEach(c -> some.add(cpuItem(c)));
            long left = busiest.subList(shown, busiest.size()).stream().mapToLong(Report.CpuRow::transfers).sum();
            some.add(String.format(Locale.ROOT, "... %d more CPUs: %d", busiest.size() - shown, left));
            List<String> busiestRows = broken(firstBusiest, some);
            if (shown == 0 || busiestRows.size() <= CPU_ROWS) {
                busiestRows.forEach(this::line);
                return;
            }
        }
    }

    private static String cpuItem(Report.CpuRow c) {
        return String.format(Locale.ROOT, "%d=%d(r%d w%d)", c.cpu(), c.transfers(), c.reads(), c.writes());
    }

    /** A code site as the text prints it: the PCs an offset lists that print alike, their transfers summed. */
    private static final class TextSite {
        final String where;
        final List<String> chain;
        String inlined;
        long transfers;
        /** The sites' transfers under no call stack. */
        long unstacked;
        int pcs;
        /** The callers' out-of-line functions, innermost first, of the sites' call stacks, with their transfers. */
        final Map<String, Long> stacks = new LinkedHashMap<>();

        TextSite(String where, List<String> chain) {
            this.where = where;
            this.chain = chain;
            this.inlined = inlined(chain, 0);
        }
    }

    /**
     * The sites of an offset by their text ({@code func at file:line} and inline chain): PCs of one
     * source line and chain (e.g. an unlock inlined twice in one function) would print as identical
     * rows, so they are one row with the transfers summed and the number of PCs; most transfers first,
     * ties in the JSON's order. Only the PCs the offset lists (the JSON's sites) are merged. Rows that
     * share {@code func at file:line} but not the chain (one inlined helper reached from several
     * functions) leave out the frames all of them share, innermost first, so the frames that differ
     * are not cut off at the 120th column.
     */
    private static List<TextSite> textSites(List<Report.Site> sites) {
        Map<String, TextSite> byText = new LinkedHashMap<>();
        for (Report.Site site : sites) {
            String where = (site.function() == null ? hex(site.pc()) : site.function())
                    + (site.source() == null ? "" : " at " + site.source());
            TextSite t = byText.computeIfAbsent(where + inlined(site.inlined(), 0), k -> new TextSite(where, site.inlined()));
            t.transfers += site.transfers();
            t.unstacked += site.unstacked();
            t.pcs++;
            for (Report.Stack st : site.stacks()) {
                t.stacks.merge(st.chain(), st.transfers(), Long::sum);
            }
        }
        List<TextSite> out = new ArrayList<>(byText.values());
        Map<String, List<TextSite>> byWhere = new LinkedHashMap<>();
        out.forEach(t -> byWhere.computeIfAbsent(t.where, k -> new ArrayList<>()).add(t));
        for (List<TextSite> alike : byWhere.values()) {
            if (alike.size() > 1) {
                int common = commonFrames(alike);
                alike.forEach(t -> t.inlined = inlined(t.chain, Math.min(common, t.chain.size() - 1)));
            }
        }
        out.sort((x, y) -> Long.compare(y.transfers, x.transfers)); // stable: ties keep the JSON's order
        return out;
    }

    /** The number of leading (innermost) frames every chain of {@code sites} shares. */
    private static int commonFrames(List<TextSite> sites) {
        int n = 0;
        while (true) {
            for (TextSite t : sites) {
                if (n >= t.chain.size() || !t.chain.get(n).equals(sites.get(0).chain.get(n))) {
                    return n;
                }
            }
            n++;
        }
    }

    /** {@code  (inlined in a < b < c)}, the first {@code skip} frames as {@code ...}; "" without frames. */
    private static String inlined(List<String> chain, int skip) {
        if (chain.isEmpty()) {
            return "";
        }
        return "  (inlined in " + (skip > 0 ? "... < " : "") + String.join(" < ", chain.subList(skip, chain.size())) + ")";
    }

    private static String short_(Report.What w) {
        return switch (w.description().form()) {
            case TYPED -> w.description().typeAndField();
            case NAME -> w.description().text();
            default -> w.description().text();
        };
    }

    /**
     * {@code name} for a column {@code width} wide; a longer one (a field path through unions) is
     * printed on a line of its own after {@code indent} and "" returned for the column, so the
     * numbers stay in their columns.
     */
    private String ownLineIfLonger(String indent, String name, int width) {
        if (name.length() <= width) {
            return name;
        }
        line(indent + name);
        return "";
    }

    /**
     * Under a site's or function's call stacks, its transfers under none (the CPU in no traced system
     * call, interrupt or kernel thread: the idle task, user code), so that the stacks listed are
     * read as the share of the row they are.
     */
    private void unstacked(String indent, long transfers) {
        if (transfers > 0) {
            line(String.format(Locale.ROOT, "%s%7d  no call stack (outside traced system calls, interrupts, kernel threads)",
                    indent, transfers));
        }
    }

    /** A code-profile table under {@code title}, with {@code note} (if any) under the title. */
    private void functions(String title, String note, List<Report.FunctionRow> rows) {
        line(title);
        if (note != null) {
            line(note);
        }
        line(String.format(Locale.ROOT, "  %-40s %10s %7s  %s", "function", "transfers", "lines", "source"));
        for (Report.FunctionRow f : rows) {
            line(String.format(Locale.ROOT, "  %-40s %10d %7d  %s", ownLineIfLonger("  ", f.function(), 40), f.transfers(),
                    f.lines(), f.source() != null ? f.source() : CodeNames.userPc(f.function()) >= 0 ? userCode(f.program()) : ""));
            f.stacks().stream().limit(TEXT_STACKS).forEach(st -> line(String.format(Locale.ROOT,
                    "      %7d  called from %s", st.transfers(), st.chain())));
            unstacked("      ", f.unstacked());
        }
        line("");
    }

    /**
     * The source column of a user-space PC's row (its name alone reads like an unresolved kernel PC):
     * the program that ran it, where the log's task entries name it.
     */
    private static String userCode(String program) {
        return program == null ? "(user-space code)"
                : program.equals(UserPrograms.SEVERAL) ? "(user-space code, " + program + ")"
                : "(user-space code of " + program + ")";
    }

    private void types(Report r) {
        line("== Data profile by type (transfers; true/false: the verdict of their bytes on shared lines)");
        if (r.types().isEmpty()) {
            boolean untypedGroup = r.filters().struct() != null && !r.lines().isEmpty(); // --struct=kmalloc-4096
            line("  (no typed addresses" + (untypedGroup ? ": --struct=" + r.filters().struct()
                    + " selected memory no type describes, whose lines are above"
                    : r.kernel() == null ? ": run with --kernel=ELF" : "") + ")");
            line("");
            return;
        }
        line(String.format(Locale.ROOT, "  %-40s %6s %10s %10s %10s %7s %8s", "type", "size", "transfers", "true", "false", "lines",
                "objects"));
        for (Report.TypeRow t : r.types()) {
            line(String.format(Locale.ROOT, "  %-40s %6s %10d %10d %10d %7d %8d", ownLineIfLonger("  ", t.type(), 40),
                    t.size() < 0 ? "?" : Long.toString(t.size()),
                    t.transfers(), t.trueTransfers(), t.falseTransfers(), t.lines(), t.objects()));
            if (!t.labels().isEmpty()) {
                List<String> via = new ArrayList<>();
                t.labels().forEach(c -> via.add(String.format(Locale.ROOT, "%s %,d", c.name(), c.transfers())));
                line("      of objects labelled " + String.join(", ", via) + " (type inferred)");
            }
            if (t.elsewhere().transfers() > 0) {
                line(String.format(Locale.ROOT, "      + %,d transfers, %,d object%s so labelled but of another type (merged slab cache)",
                        t.elsewhere().transfers(), t.elsewhere().objects(), t.elsewhere().objects() == 1 ? "" : "s"));
            }
            for (int i = 0; i < t.fields().size() && i < 5; i++) {
                Report.FieldRow f = t.fields().get(i);
                // an array element's path follows the type directly: timer_bases[1].lock
                String field = f.field().isEmpty() ? "(whole)" : f.field().startsWith("[") ? f.field() : "." + f.field();
                line(String.format(Locale.ROOT, "      %-36s %6s %10d %10d %10d", ownLineIfLonger("      ", field, 36), "+" + f.offset(),
                        f.transfers(), f.trueTransfers(), f.falseTransfers()));
            }
        }
        line("");
        int shown = 0;
        for (Report.TypeRow t : r.types()) {
            if (t.layout().isEmpty() || shown == TEXT_LAYOUTS) {
                continue;
            }
            shown++;
            String what = t.variableType() == null ? t.type() : t.type() + ", " + t.variableType();
            String per = t.elementSize() == 0 ? ", transfers per member, " + r.lineSize() + "-byte line boundaries"
                    : ", per element (" + t.elementSize() + " bytes, all elements' transfers)";
            line("== Layout of " + what + " (" + (t.size() < 0 ? "?" : t.size()) + " bytes)" + per);
            line(String.format(Locale.ROOT, "  /* %8s %5s */  %-58s %10s", "offset", "size", "member", "transfers"));
            for (Report.LayoutRow m : t.layout()) {
                if (m.lineStart()) {
                    long k = m.offset() / r.lineSize();
                    line(String.format(Locale.ROOT, "  /* --- line %d (bytes %d-%d) --- */", k, k * r.lineSize(),
                            (k + 1) * r.lineSize() - 1));
                }
                // a bit-field as pahole shows it: offset:bit, and its width after the name
                String offset = m.bitSize() == 0 ? Long.toString(m.offset()) : m.offset() + ":" + m.bit();
                line(String.format(Locale.ROOT, "  /* %8s %5d */  %-58s %10s", offset, m.size(),
                        m.type() + (m.name().isEmpty() ? "" : " " + m.name()) + (m.bitSize() == 0 ? "" : ":" + m.bitSize()) + ";",
                        m.transfers() == 0 ? "" : Long.toString(m.transfers())));
            }
            line("");
        }
    }

    private void code(Report r) {
        // --struct and --function pick lines (and types): a reader of a filtered report could take the
        // code profile for the selected lines' code, which it is not
        String note = r.filters().struct() == null && r.filters().function() == null ? null
                : "  (every transfer: --struct and --function select the ranked lines and types, not what is counted here)";
        if (r.symbols().equals(r.functions())) { // no inlined code among them: one table says it all
            functions("== Code profile: functions by transfers caused", note, r.functions());
        } else {
            functions("== Code profile: functions by transfers caused (out-of-line, inlined code included: perf's symbols)",
                    note, r.symbols());
            functions("== Code profile: innermost functions by transfers caused (inlined ones on their own)", null,
                    r.functions());
        }
        line("== Code profile: system calls by transfers caused (also interrupts, softirqs, page faults, kernel threads)");
        if (r.syscalls().isEmpty()) {
            line("  (none: the log has no system calls in progress during transfers)");
        } else {
            line(String.format(Locale.ROOT, "  %-40s %10s %7s", "system call", "transfers", "lines"));
        }
        for (Report.SyscallRow s : r.syscalls()) {
            line(String.format(Locale.ROOT, "  %-40s %10d %7d", s.syscall(), s.transfers(), s.lines()));
        }
        for (Report.SyscallRow o : r.summary().outsideSyscalls()) { // what the table leaves out, so that it adds up
            String where = r.outsideWhere(o);
            line(String.format(Locale.ROOT, "  %-40s %10d %7d  %.1f%%%s", "(" + o.syscall() + ", in no system call)",
                    o.transfers(), o.lines(), 100.0 * o.transfers() / r.summary().transfers(),
                    where == null ? "" : ": " + where));
        }
    }

    /** {@code first} then {@code text}, broken at spaces into lines of at most the width, indented under its start. */
    private void wrapped(String first, String text) {
        wrapped(first, List.of(text.split(" ")));
    }

    /** {@code first} then {@code items} a space apart, broken between items into lines of at most the width, indented under the first. */
    private void wrapped(String first, List<String> items) {
        broken(first, items).forEach(this::line);
    }

    /** The lines {@link #wrapped(String, List)} prints: {@code first} and the items, broken between items at the width. */
    private static List<String> broken(String first, List<String> items) {
        List<String> rows = new ArrayList<>();
        String indent = " ".repeat(first.length());
        StringBuilder b = new StringBuilder(first);
        for (String item : items) {
            if (b.length() > first.length() && b.length() + 1 + item.length() > WIDTH) {
                rows.add(b.toString());
                b.setLength(0);
                b.append(indent);
            } else if (b.length() > first.length()) {
                b.append(' ');
            }
            b.append(item);
        }
        rows.add(b.toString());
        return rows;
    }

    private void line(String s) {
        out.println(s.length() <= WIDTH ? s : s.substring(0, WIDTH - 3) + "...");
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String join(List<Integer> xs) {
        StringBuilder sb = new StringBuilder();
        for (int x : xs) {
            sb.append(sb.length() == 0 ? "" : ",").append(x);
        }
        return sb.toString();
    }
}
