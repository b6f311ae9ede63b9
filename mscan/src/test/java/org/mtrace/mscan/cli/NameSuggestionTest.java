package org.mtrace.mscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameSuggestionTest {
    private static final List<String> NAMES = List.of("distinct-sys", "distinct-ops", "false-sharing", "summary",
            "all-sharing", "all-sharing-movement", "cache-assoc", "check-gc", "check-testcases", "sbw0");

    @Test
    void distancesCountOneEditEach() {
        assertEquals(0, NameSuggestion.distance("summary", "summary"));
        assertEquals(1, NameSuggestion.distance("false-shring", "false-sharing")); // deletion
        assertEquals(1, NameSuggestion.distance("sumary", "summary"));
        assertEquals(1, NameSuggestion.distance("summray", "summary"));            // swap of neighbours
        assertEquals(2, NameSuggestion.distance("sbw", "sbw0x"));
        assertEquals(3, NameSuggestion.distance("kitten", "sitting"));             // the textbook case
    }

    @Test
    void closeNamesAreSuggested() {
        assertEquals(" (did you mean false-sharing?)", NameSuggestion.hint("false-shring", NAMES));
        assertEquals(" (did you mean summary?)", NameSuggestion.hint("summray", NAMES));
        // "distinct-op" is one edit from distinct-ops only; "distinct-xxxx" is four from both: too far
        // for 13 letters (at most 3 edits, a quarter of the length)
        assertEquals(List.of("distinct-ops"), NameSuggestion.closest("distinct-op", NAMES));
        assertEquals(List.of(), NameSuggestion.closest("distinct-xxxx", NAMES));
        // a tie names both
        assertEquals(" (did you mean distinct-sys or distinct-ops?)", NameSuggestion.hint("distinct-oys", NAMES));
    }

    @Test
    void aUniquePrefixIsSuggestedWhenNoNameIsClose() {
        assertEquals(List.of("cache-assoc"), NameSuggestion.closest("cache", NAMES));
        assertEquals(List.of(), NameSuggestion.closest("check", NAMES)); // check-gc and check-testcases
        assertEquals(List.of(), NameSuggestion.closest("trace.gz", NAMES));
        assertEquals(List.of(), NameSuggestion.closest("ab", NAMES));
    }
}
