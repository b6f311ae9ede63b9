package org.mtrace.mscan.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A member path as a C programmer writes it: the report's spelling of a field. The kernel boundary
 * gives the original's spelling (ATTRIBUTION.md §2: {@code .<anon>} for an anonymous member,
 * {@code .{a|b}} for the members of a union that hold the byte), which the other analyses print
 * unchanged. In C an anonymous struct or union is no step of the path ({@code page->lru.next},
 * {@code file->f_ra.mmap_miss}), so here:
 * <ul>
 * <li>an anonymous member is left out: {@code <anon>.{donor|curr}} is {@code {donor|curr}};</li>
 * <li>the members of an anonymous union inside a union's alternative join that union's
 * alternatives: {@code <anon>.{<anon>.<anon>.{lru.next|buddy_list.next}|<anon>.pp_magic}} is
 * {@code {lru.next|buddy_list.next|pp_magic}} (struct page's first word, 6.12);</li>
 * <li>a union of which one member holds the byte is that member: {@code <anon>.{f_ra.mmap_miss}}
 * is {@code f_ra.mmap_miss};</li>
 * <li>alternatives spelt alike are listed once.</li>
 * </ul>
 * A bit-field run ({@code {first..last}}), array indices and {@code +0xN} tails are kept. A path
 * this grammar does not describe is returned as it is.
 */
final class CSpelling {
    private CSpelling() {
    }

    /** The C spelling of {@code path} (a field as {@link org.mtrace.mscan.kernel.AddressDescription} holds it, no leading dot); null stays null. */
    static String of(String path) {
        if (path == null || path.indexOf('<') < 0 && path.indexOf('{') < 0) {
            return path; // nothing anonymous, no union: already C
        }
        Parser p = new Parser(path);
        Spelt s = p.path();
        return p.at < path.length() || p.failed ? path : s.render();
    }

    /**
     * Of the union members a spelling lists for the first byte of an access, those the access fits:
     * the ones that start at that byte (no {@code +0xN} tail), hold its last byte (listed in
     * {@code speltAtLast}, the spelling of that byte) and end with it (no longer listed in
     * {@code speltAfter}, the byte after the access). A 1-byte store at a qspinlock's first byte is
     * {@code locked}, a 4-byte compare-and-exchange there {@code val.counter}, where
     * {@code {val.counter|locked|locked_pending}} holds the byte; a union inside an alternative counts
     * its members ({@code ptl.{val.counter|locked|...}} in struct page: {@code ptl.locked}). When no
     * member fits, or all do, or the spelling lists no union, {@code spelt} is returned as it is. The
     * other two may be null (past the type).
     */
    static String fitting(String spelt, String speltAtLast, String speltAfter) {
        int open = spelt == null ? -1 : spelt.indexOf('{');
        if (open < 0 || spelt.contains("..") || !spelt.endsWith("}")) {
            return spelt;
        }
        List<String> here = expand(spelt);
        Set<String> last = speltAtLast == null ? Set.of() : members(speltAtLast);
        Set<String> after = speltAfter == null ? Set.of() : members(speltAfter);
        List<String> fit = new ArrayList<>();
        for (String a : here) {
            if (withoutTail(a).equals(a) && last.contains(a) && !after.contains(a)) {
                fit.add(a);
            }
        }
        if (fit.isEmpty() || fit.size() == here.size()) {
            return spelt;
        }
        String pre = spelt.substring(0, open); // every member path starts with it
        List<String> rest = new ArrayList<>();
        for (String a : fit) {
            rest.add(a.substring(pre.length()));
        }
        return join(pre.endsWith(".") ? pre.substring(0, pre.length() - 1) : pre,
                rest.size() == 1 ? rest.get(0) : "{" + String.join("|", rest) + "}");
    }

    /** The member paths a spelling lists, a union inside an alternative expanded: a.{b|c.{d|e}} is a.b, a.c.d, a.c.e. */
    private static List<String> expand(String spelt) {
        int open = spelt.indexOf('{');
        if (open < 0 || spelt.contains("..") || !spelt.endsWith("}")) {
            return List.of(spelt);
        }
        String pre = spelt.substring(0, open);
        List<String> out = new ArrayList<>();
        for (String a : topLevel(spelt.substring(open + 1, spelt.length() - 1))) {
            for (String path : expand(a)) {
                out.add(pre + path);
            }
        }
        return out;
    }

    /** The member paths (tails cut) a spelling lists. */
    private static Set<String> members(String spelt) {
        Set<String> out = new java.util.HashSet<>();
        for (String a : expand(spelt)) {
            out.add(withoutTail(a));
        }
        return out;
    }

    /** The alternatives of a union's inside, split at its own '|' (not a nested union's). */
    private static List<String> topLevel(String inside) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(inside.substring(from, i));
                from = i + 1;
            }
        }
        out.add(inside.substring(from));
        return out;
    }

    private static String withoutTail(String alternative) {
        int plus = alternative.lastIndexOf("+0x");
        return plus < 0 ? alternative : alternative.substring(0, plus);
    }

    /** A spelt path: the steps before a union ({@code pre}) and the union's alternatives (null: none). */
    private record Spelt(String pre, List<String> alternatives) {
        String render() {
            if (alternatives == null) {
                return pre;
            }
            return join(pre, alternatives.size() == 1 ? alternatives.get(0) : "{" + String.join("|", alternatives) + "}");
        }

        /** As one alternative of an enclosing union: an anonymous step's own alternatives join it. */
        void addTo(Set<String> out) {
            if (alternatives != null && pre.isEmpty()) {
                out.addAll(alternatives);
            } else {
                out.add(render());
            }
        }
    }

    private static String join(String pre, String step) {
        if (pre.isEmpty()) {
            return step;
        }
        return step.startsWith("[") || step.startsWith("+") ? pre + step : pre + "." + step;
    }

    private static final class Parser {
        final String s;
        int at;
        boolean failed;

        Parser(String s) {
            this.s = s;
        }

        /** Steps up to the end, a '|' or a '}'; a union ends the path (nothing follows it in a member path). */
        Spelt path() {
            String pre = "";
            while (at < s.length() && !failed) {
                char c = s.charAt(at);
                if (c == '|' || c == '}') {
                    break;
                }
                if (s.startsWith(".{", at) || c == '{') {
                    at += c == '.' ? 2 : 1;
                    String run = bitFieldRun();
                    if (run != null) {
                        pre = join(pre, run);
                        continue;
                    }
                    return new Spelt(pre, union());
                }
                if (c == '[') {
                    int end = s.indexOf(']', at);
                    if (end < 0) {
                        failed = true;
                        break;
                    }
                    pre = pre + s.substring(at, end + 1);
                    at = end + 1;
                } else if (c == '+') {
                    int end = stepEnd(at + 1);
                    pre = pre + s.substring(at, end);
                    at = end;
                } else {
                    if (c == '.') {
                        at++;
                    }
                    int end = stepEnd(at);
                    if (end == at) {
                        failed = true;
                        break;
                    }
                    String name = s.substring(at, end);
                    at = end;
                    if (!name.equals("<anon>")) {
                        pre = join(pre, name);
                    }
                }
            }
            return new Spelt(pre, null);
        }

        /** After "{": the union's alternatives, through its "}". */
        private List<String> union() {
            Set<String> alternatives = new LinkedHashSet<>();
            while (!failed) {
                path().addTo(alternatives);
                if (at >= s.length()) {
                    failed = true;
                } else if (s.charAt(at++) == '}') {
                    break;
                }
            }
            return new ArrayList<>(alternatives);
        }

        /** After "{": {@code {first..last}} (kept, through its "}") if a bit-field run is here, else null. */
        private String bitFieldRun() {
            int end = s.indexOf('}', at);
            if (end < 0) {
                return null;
            }
            String inside = s.substring(at, end);
            if (!inside.contains("..") || inside.indexOf('|') >= 0 || inside.indexOf('{') >= 0) {
                return null;
            }
            at = end + 1;
            return "{" + inside + "}";
        }

        /** The end of a name or tail starting at {@code from}. */
        private int stepEnd(int from) {
            int i = from;
            while (i < s.length() && ".[{|}+".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            return i;
        }
    }
}
