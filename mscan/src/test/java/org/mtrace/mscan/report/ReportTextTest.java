package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text's type table keeps its numbers in their columns whatever the length of a type or field. */
class ReportTextTest {
    private static final String LONG_TYPE = "a_type_name_longer_than_its_forty_columns_t";
    private static final String LONG_FIELD = "__lock.raw_lock.<anon>.{val.counter|<anon>.locked|<anon>.locked_pending}";

    @Test
    void longTypesAndFieldsGoOnLinesOfTheirOwn() {
        Report.TypeRow shortType = new Report.TypeRow("dentry", 192, 70, 60, 10, 3, 2,
                List.of(new Report.FieldRow("d_count", 88, 4, 70, 60, 10)), List.of());
        Report.TypeRow longType = new Report.TypeRow(LONG_TYPE, 9792, 50, 50, 0, 1, 1,
                List.of(new Report.FieldRow(LONG_FIELD, 0, 4, 30, 30, 0), new Report.FieldRow("on_rq", 104, 4, 20, 20, 0)),
                List.of());
        Report.Summary summary = new Report.Summary(10, 8, 2, List.of("movement"), 0, 9, 4, 2, 120, 120, 0, 1.0, List.of());
        Report r = new Report("t.log", null, 64, List.of(), Filters.defaults(), summary, List.of(),
                List.of(shortType, longType), List.of(), List.of(), 1024, List.of(0, 1), List.of(), List.of());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportText.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
        List<String> text = List.of(out.toString(StandardCharsets.UTF_8).split("\n"));

        int header = indexOfLineStarting(text, "  type ");
        int transfersEnd = text.get(header).indexOf("transfers") + "transfers".length();
        // the short type and its field: numbers in the columns, as before
        assertTrue(text.get(header + 1).startsWith("  dentry "), text.get(header + 1));
        assertEquals(transfersEnd, text.get(header + 1).indexOf(" 70") + 3, text.get(header + 1));
        assertEquals(transfersEnd, text.get(header + 2).indexOf(" 70") + 3, text.get(header + 2));
        // the long type: its name alone, then its numbers under the header's columns
        assertEquals("  " + LONG_TYPE, text.get(header + 3));
        assertTrue(text.get(header + 4).startsWith("  " + " ".repeat(40) + "   9792"), text.get(header + 4));
        assertEquals(transfersEnd, text.get(header + 4).indexOf(" 50") + 3, text.get(header + 4));
        // the long field likewise, the short one after it on one line
        assertEquals("      ." + LONG_FIELD, text.get(header + 5));
        assertEquals(transfersEnd, text.get(header + 6).indexOf(" 30") + 3, text.get(header + 6));
        assertTrue(text.get(header + 7).startsWith("      .on_rq "), text.get(header + 7));
        assertEquals(transfersEnd, text.get(header + 7).indexOf(" 20") + 3, text.get(header + 7));
    }

    private static int indexOfLineStarting(List<String> text, String prefix) {
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting '" + prefix + "' in\n" + String.join("\n", text));
    }
}
