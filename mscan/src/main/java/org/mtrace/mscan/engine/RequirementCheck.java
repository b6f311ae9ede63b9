package org.mtrace.mscan.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.mtrace.format.EntryType;
import org.mtrace.format.RecordMode;

/**
 * Turns unmet {@link Requirements} into one line per analysis, {@code "<analysis>: needs ...,
 * but this log ...: its result says nothing about this log; <hint>"}: the kernel image before reading, record modes and entry types from
 * what the trackers saw in the log ({@link TraceState#recordedIn}, {@link TraceState#logHas}).
 */
final class RequirementCheck {
    private RequirementCheck() {
    }

    /** Requirements that can be checked before reading: the kernel image. */
    static List<String> beforeReading(List<Analysis> analyses, boolean image) {
        List<String> lines = new ArrayList<>();
        for (Analysis a : analyses) {
            Requirements r = a.requirements();
            if (r.kernelImage() && !image) {
                lines.add(a.name() + ": needs a kernel image (--kernel=ELF)" + (r.hint().isEmpty() ? "" : ": " + r.hint()));
            }
        }
        return lines;
    }

    /** Requirements only the log reveals, checked after the pass (for analyses that did not fail). */
    static List<String> afterPass(List<Analysis> analyses, TraceState state) {
        List<String> lines = new ArrayList<>();
        for (Analysis a : analyses) {
            Requirements r = a.requirements();
            if (!r.modes().isEmpty() && r.modes().stream().noneMatch(state::recordedIn)) {
                lines.add(line(a, "needs recording " + modes(r.modes()), "but this log " + recorded(state), r.hint()));
                continue; // one line per analysis: the mode explains the rest
            }
            boolean entriesMet = true;
            for (EntryType t : EntryType.values()) { // in the format's order: the first one missing is named
                if (r.entries().contains(t) && !state.logHas(t)) {
                    lines.add(line(a, "needs " + entries(t), "but this log has none", r.hint()));
                    entriesMet = false;
                    break;
                }
            }
            if (entriesMet && r.severalCpus() && state.machineSeen && state.numCpus() < 2) { // its own advice too
                lines.add(line(a, "needs a machine of two CPUs or more",
                        "but this log's machine entry has num_cpus " + state.numCpus() + ": no line can move between CPUs",
                        "record with mtrace-record --smp=2 or more"));
                continue;
            }
            if (entriesMet && r.filtered() && state.fullTrace()) { // its own advice: the hint is about modes
                lines.add(line(a, "needs a log the recorder's movement filter wrote",
                        "but this log holds every access (a full trace, mtrace-record --all)",
                        "filter it first (bin/mtrace-refilter -o OUT LOG), or run mscan report, which filters either kind"));
            }
        }
        return lines;
    }

    private static String line(Analysis a, String need, String have, String hint) {
        return a.name() + ": " + need + ", " + have + ": its result says nothing about this log"
                + (hint.isEmpty() ? "" : "; " + hint);
    }

    /** "in ascope mode", "in ascope or kernelscope mode", "enabled" (any mode). */
    private static String modes(Set<RecordMode> modes) {
        if (modes.size() == RecordMode.values().length - 1 && !modes.contains(RecordMode.DISABLE)) {
            return "enabled (an access_all_cpu host entry with a non-zero mode)";
        }
        StringJoiner j = new StringJoiner(" or ", "in ", " mode");
        for (RecordMode m : RecordMode.values()) {
            if (modes.contains(m)) {
                j.add(m.spelling());
            }
        }
        return j.toString();
    }

    /** What the log's enable entries show: "recorded only in movement mode", "never enabled recording". */
    private static String recorded(TraceState state) {
        StringJoiner j = new StringJoiner(" and ", "recorded only in ", " mode");
        j.setEmptyValue("");
        for (RecordMode m : RecordMode.values()) {
            if (m != RecordMode.DISABLE && state.recordedIn(m)) {
                j.add(m.spelling());
            }
        }
        if (j.length() > 0) {
            return j.toString();
        }
        return state.logHas(EntryType.ACCESS)
                ? "holds accesses without an enable host entry (a recorder that started recording without writing one)"
                : "never enabled recording";
    }

    private static String entries(EntryType t) {
        return switch (t) {
            case FCALL -> "call traces (fcall entries)";
            case CALL -> "call and return entries";
            case ASCOPE -> "abstract scopes (ascope entries)";
            case MACHINE -> "a machine entry";
            default -> t.spelling() + " entries";
        };
    }
}
