package org.mtrace.mscan.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    private static final String DATA_OPEN = "<script type=\"application/json\" id=\"report-data\">";

    @TempDir
    Path dir;

    static String sample() throws IOException {
        try (var in = HtmlReportTest.class.getResourceAsStream("sample-report.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String page(String json) throws IOException {
        Path out = dir.resolve("page.html");
        HtmlReport.write(json, out);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** The text of the data block: from its opening tag to the first "</script" after it. */
    private static String dataBlock(String page) {
        int start = page.indexOf(DATA_OPEN);
        assertTrue(start >= 0, "data block present");
        start += DATA_OPEN.length();
        return page.substring(start, page.indexOf("</script", start));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void escapesEveryLessThanAndTheJavaScriptLineSeparators() {
        assertEquals("{\"a\":\"\\u003c/script>\\u003c!--x\\u2028y\\u2029\"}",
                ScriptData.escape("{\"a\":\"</script><!--x\u2028y\u2029\"}"));
        assertEquals("{\"a\":\"\\\\\\u003c\"}", ScriptData.escape("{\"a\":\"\\\\<\"}"));
        String plain = "{\"a\":\"x > y & z\"}";
        assertEquals(plain, ScriptData.escape(plain));
    }

    @Test
    void sampleIsEmbeddedVerbatim() throws IOException {
        String json = sample();
        assertFalse(json.contains("<") || json.contains("\u2028") || json.contains("\u2029"), "sample needs no escaping");
        String page = page(json);
        assertEquals(json, dataBlock(page));
        assertEquals(Json.parse(json), Json.parse(dataBlock(page)));
    }

    @Test
    void hostileStringsCannotEndTheScriptAndParseToTheSameValue() throws IOException {
        String json = "{\"schema\":\"mtrace-report\",\"version\":1,\"missing\":[\"</script><script>alert(1)</script>\","
                + "\"<!-- <script>\",\"\u2028\u2029\",\"back\\\\slash<\",\"</SCRIPT \"]}";
        String page = page(json);
        // the page's own two script elements close; nothing from the document does
        assertEquals(2, count(page.toLowerCase(), "</script"));
        assertEquals(0, count(page, "<!--"));
        assertFalse(page.contains("\u2028") || page.contains("\u2029"));
        String embedded = dataBlock(page);
        assertEquals(Json.parse(json), Json.parse(embedded));
    }

    @Test
    void rejectsATextThatIsNotAJsonObject() {
        Path out = dir.resolve("x.html");
        assertThrows(IllegalArgumentException.class, () -> HtmlReport.write("[1, 2]", out));
        assertFalse(Files.exists(out));
    }

    /**
     * The page for a 30 M-access recording stays under 10 MB: the page code adds a fixed amount
     * (under 100 KB) to the document, and the document, cut to --top rows, is bounded by its
     * shape. The document here is larger than the default --top=20 can produce on a 64-CPU
     * recording: 20 lines with 64 CPUs, 64 offsets of 8 sites with 4-frame inline chains and 8
     * system calls each; 20 types with 400 layout members and 200 fields; 20 functions and system
     * calls; a timeline of 64 CPUs x 2000 buckets; a 20 x 64 heat map.
     */
    @Test
    void pageForALargeDocumentStaysUnderTenMegabytes() throws IOException {
        String json = LargeDocument.build(20, 64, 64, 8, 2000);
        String page = page(json);
        int overhead = page.getBytes(StandardCharsets.UTF_8).length - json.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(overhead > 0 && overhead < 100_000, "page code adds " + overhead + " bytes");
        assertTrue(json.length() > 2_000_000, "the document is large: " + json.length());
        assertTrue(Files.size(dir.resolve("page.html")) < 10_000_000, "page size " + Files.size(dir.resolve("page.html")));
        assertEquals(json, dataBlock(page));
    }
}
