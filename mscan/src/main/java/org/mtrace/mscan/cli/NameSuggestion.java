package org.mtrace.mscan.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * "Did you mean ...?" for a misspelt analysis name: the names at the smallest edit distance
 * (insertions, deletions, substitutions and swaps of two neighbouring letters count one each), if
 * that distance is small for the word's length; otherwise the one name the word is a prefix of.
 */
final class NameSuggestion {
    private NameSuggestion() {
    }

    /** The suggested names, best first (several only on a tie); empty if none is close. */
    static List<String> closest(String word, Collection<String> names) {
        int limit = Math.max(1, Math.min(3, word.length() / 4));
        int best = Integer.MAX_VALUE;
        List<String> found = new ArrayList<>();
        for (String name : names) {
            int d = distance(word, name);
            if (d > limit || d > best) {
                continue;
            }
            if (d < best) {
                best = d;
                found.clear();
            }
            found.add(name);
        }
        if (found.isEmpty() && word.length() >= 3) {
            for (String name : names) {
                if (name.startsWith(word)) {
                    found.add(name);
                }
            }
            if (found.size() > 1) {
                found.clear();
            }
        }
        return found;
    }

    /** {@code " (did you mean a?)"}, {@code " (did you mean a or b?)"}, or {@code ""}. */
    static String hint(String word, Collection<String> names) {
        List<String> found = closest(word, names);
        return found.isEmpty() ? "" : " (did you mean " + String.join(" or ", found) + "?)";
    }

    /** Optimal-string-alignment distance (Damerau-Levenshtein without repeated edits of a substring). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
