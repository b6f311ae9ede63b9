package org.mtrace.mscan.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report page generated from the hand-written sample document (3 lines, 3 types, 4 CPUs;
 * every expected row below is read off that document) loaded in headless Chromium: it renders
 * without console errors or exceptions, and its tables sort, filter and expand.
 * Needs Debian's chromium (.ci/run installs it); fails without it when CI=true, skips otherwise.
 */
class ChromiumPageTest {
    private static final String L1 = "0xffff888003a1c040";
    private static final String L2 = "0xffff888004b2d000";
    private static final String L3 = "0x00007ffd12345680";

    private static HeadlessChromium browser;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            String why = "chromium not found (apt-get install chromium, or set MTRACE_CHROMIUM)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            System.err.println("ChromiumPageTest skipped: " + why);
            Assumptions.abort(why);
        }
        dir = Files.createTempDirectory("mscan-report-page");
        browser = new HeadlessChromium(chromium.get());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    private static void load(String json) throws Exception {
        Path page = Files.createTempFile(dir, "report", ".html");
        HtmlReport.write(json, page);
        browser.load(page);
        assertEquals("true", browser.eval("document.body.dataset.rendered || document.getElementById('failure').textContent"));
    }

    private static Object js(String expression) throws Exception {
        return browser.eval(expression);
    }

    /** The given column's text of each row of a table, in page order. */
    private static Object column(String table, int cell) throws Exception {
        return js("[...document.querySelectorAll('#" + table + " > tbody > tr.row')].map(r => r.cells[" + cell + "].textContent)");
    }

    private static void click(String selector) throws Exception {
        js("document.querySelector(\"" + selector + "\").click()");
    }

    private static void filter(String table, String text) throws Exception {
        js("(() => { const i = document.querySelector('#" + table + "').closest('.table-block').querySelector('input.filter');"
                + " i.value = '" + text + "'; i.dispatchEvent(new Event('input')); })()");
    }

    @Test
    void rendersTheSampleWithoutErrorsAndWithEveryTable() throws Exception {
        load(HtmlReportTest.sample());
        // lines in the document's rank order; column 0 is the expand button, 1 the rank, 2 the address
        assertEquals(List.of(L1, L2, L3), column("lines-table", 2));
        assertEquals(List.of("true sharing", "false sharing", "true sharing"), column("lines-table", 11));
        assertEquals(List.of("dentry", "file", "runqueues"), column("types-table", 1));
        assertEquals(List.of("lockref_get", "dput", "fdget_pos", "vfs_read"), column("functions-table", 0));
        assertEquals(List.of("do_dentry_open", "dput", "ksys_read"), column("symbols-table", 0));
        // a function's call stacks get a column of their own where any row has them (here the out-of-line table)
        assertEquals(List.of("\u00d730 path_openat \u203a do_filp_open", "", ""), column("symbols-table", 5));
        assertEquals(5L, js("document.querySelectorAll('#functions-table > thead th').length"));
        assertEquals(List.of("openat", "newfstatat", "close", "read", "lseek"), column("syscalls-table", 0));
        assertTrue(js("document.getElementById('missing').textContent").toString().contains("CPU 3 before entry 120"));
        assertTrue(js("document.getElementById('summary-table').textContent").toString().contains("58 (kernel 52, user 6)"));
        assertEquals(4L, js("document.querySelectorAll('#timeline polyline').length"));
        // the time axis from the timeline's first entry (120), 250 entries a bucket
        assertEquals(List.of("120", "370", "620", "870"),
                js("[...document.querySelectorAll('#timeline text.tick[text-anchor=middle]')].map(t => t.textContent)"));
        assertEquals(12L, js("document.querySelectorAll('#heatmap rect[data-cpu]').length"));
        assertEquals("0", js("document.querySelector('#heatmap rect[data-line=\"" + L2 + "\"][data-cpu=\"1\"]').dataset.transfers"));
        assertEquals("12", js("document.querySelector('#heatmap rect[data-line=\"" + L1 + "\"][data-cpu=\"2\"]').dataset.transfers"));
        assertEquals(3L, js("document.querySelectorAll('#type-bars rect.bar-true').length")); // one per type
        assertEquals(true, js("document.getElementById('failure').hidden"));
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void sortingByAColumnReordersTheRowsAndASecondClickReversesThem() throws Exception {
        load(HtmlReportTest.sample());
        click("#lines-table th[data-key=writer_cpus]");
        // writer CPUs: L1 4, L2 1, L3 2; numbers sort descending first
        assertEquals(List.of(L1, L3, L2), column("lines-table", 2));
        assertEquals("descending", js("document.querySelector('#lines-table th[data-key=writer_cpus]').getAttribute('aria-sort')"));
        click("#lines-table th[data-key=writer_cpus]");
        assertEquals(List.of(L2, L3, L1), column("lines-table", 2));
        click("#lines-table th[data-key=address]");
        // text sorts ascending first
        assertEquals(List.of(L3, L1, L2), column("lines-table", 2));
        click("#types-table th[data-key=false_transfers]");
        assertEquals(List.of("file", "runqueues", "dentry"), column("types-table", 1));
        click("#syscalls-table th[data-key=syscall]");
        assertEquals(List.of("close", "lseek", "newfstatat", "openat", "read"), column("syscalls-table", 0));
        click("#symbols-table th[data-key=transfers]");
        assertEquals(List.of("do_dentry_open", "ksys_read", "dput"), column("symbols-table", 0));
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void filteringKeepsTheMatchingRows() throws Exception {
        load(HtmlReportTest.sample());
        filter("lines-table", "false-sharing");
        assertEquals(List.of(L2), column("lines-table", 2));
        filter("lines-table", "lockref_get");
        assertEquals(List.of(L1), column("lines-table", 2));
        filter("lines-table", "lseek f_lock");
        assertEquals(List.of(L2), column("lines-table", 2));
        filter("lines-table", "user");
        assertEquals(List.of(L3), column("lines-table", 2));
        filter("lines-table", "nothing-matches-this");
        assertEquals(List.of(), column("lines-table", 2));
        filter("functions-table", "fs/");
        assertEquals(List.of("dput", "fdget_pos", "vfs_read"), column("functions-table", 0));
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void aLineExpandsToItsOffsetsSitesAndByteMap() throws Exception {
        load(HtmlReportTest.sample());
        js("document.querySelectorAll('#lines-table button.expand')[0].click()");
        js("document.querySelectorAll('#lines-table button.expand')[1].click()");
        Object details = js("[...document.querySelectorAll('#lines-table tr.detail')].map(d => d.textContent)");
        assertEquals(2, ((List<?>) details).size());
        String first = ((List<?>) details).get(0).toString();
        assertTrue(first.contains("lockref_get at lib/lockref.c:50"), first);
        assertTrue(first.contains("arch_cmpxchg64 at arch/x86/include/asm/cmpxchg_64.h:43"), first);
        assertTrue(first.contains("openat \u00d718"), first);
        // a site's call stacks (a log recorded with --calls): callers innermost first, the source line in the title
        assertTrue(first.contains("\u00d720 called from lookup_fast \u203a path_openat\u00d710 called from vfs_statx"), first);
        assertEquals("lookup_fast at fs/namei.c:1710\nwalk_component at fs/namei.c:2010",
                js("document.querySelector('#lines-table tr.detail .stack').title"));
        String second = ((List<?>) details).get(1).toString();
        assertTrue(second.contains("spin_lock at include/linux/spinlock.h:351 \u203a do_raw_spin_lock"), second);
        // offsets: line 1 has (24, 8) and (28, 4); line 2 (40, 8) and (48, 4)
        assertEquals(List.of("+24", "+28", "+40", "+48"),
                js("[...document.querySelectorAll('#lines-table table.offsets tbody tr')].map(r => r.cells[0].textContent)"));
        // each offset's own verdict (a document without one shows a dash)
        assertEquals(List.of("true sharing", "\u2014", "false sharing", "\u2014"),
                js("[...document.querySelectorAll('#lines-table table.offsets tbody tr')].map(r => r.cells[6].textContent)"));
        // byte map of line 1 (from the masks): CPU 2 reads 24..31 and writes 28..31
        String cpu2 = "#lines-table tr.detail:nth-of-type(2) svg.bytemap rect[data-cpu=\"2\"]";
        assertEquals(List.of("read", "read", "read", "read", "both", "both", "both", "both"),
                js("[...document.querySelectorAll('" + cpu2 + "')].slice(24, 32).map(r => r.dataset.kind)"));
        assertEquals(56L, js("[...document.querySelectorAll('" + cpu2 + "')].filter(r => r.dataset.kind === 'none').length"));
        // true sharing on line 1: bytes 24..31 written by one CPU and touched by another; none on line 2
        assertEquals(List.of(8L, 0L), js("[...document.querySelectorAll('#lines-table svg.bytemap')].map(s => s.querySelectorAll('rect.conflict[data-byte]').length)"));
        // line 2: CPU 0 reads and writes 48..51 (f_lock), CPU 2 reads 40..47 (f_op)
        assertEquals(List.of(48L, 49L, 50L, 51L), js("[...document.querySelectorAll('#lines-table svg.bytemap')[1].querySelectorAll('rect[data-cpu=\"0\"][data-kind=both]')].map(r => +r.dataset.byte)"));
        assertEquals(List.of(40L, 41L, 42L, 43L, 44L, 45L, 46L, 47L), js("[...document.querySelectorAll('#lines-table svg.bytemap')[1].querySelectorAll('rect[data-cpu=\"2\"][data-kind=read]')].map(r => +r.dataset.byte)"));
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void aTypeExpandsToItsFieldsAndAnnotatedLayout() throws Exception {
        load(HtmlReportTest.sample());
        js("document.querySelectorAll('#types-table button.expand')[0].click()");
        Object boundaries = js("[...document.querySelectorAll('#types-table table.layout tr.boundary')].map(r => r.textContent)");
        // dentry: d_iname (56, 32) crosses 64, so d_lockref at 88 starts line 1, 24 bytes after it; d_lru at 128 starts line 2
        assertEquals(List.of("/* --- cacheline 1 boundary (64 bytes) was 24 bytes ago --- */", "/* --- cacheline 2 boundary (128 bytes) --- */"), boundaries);
        assertEquals(List.of("d_lockref"), js("[...document.querySelectorAll('#types-table table.layout tr.hot td.decl')].map(t => t.textContent.trim().split(' ').pop().replace(';', ''))"));
        assertEquals(List.of("40"), js("[...document.querySelectorAll('#types-table table.layout tr.hot td.num')].map(t => t.textContent)"));
        assertTrue(js("document.querySelector('#types-table table.layout').textContent").toString().contains("crosses a line boundary"));
        assertTrue(js("document.querySelector('#types-table table.layout').textContent").toString().contains("}; /* size: 192, cachelines: 3 */"));
        assertEquals(0L, js("document.querySelectorAll('#types-table .type-detail p.note').length"), "dentry: all labelled dentry");
        js("document.querySelectorAll('#types-table button.expand')[1].click()");
        assertEquals(List.of("Of objects labelled kmalloc-256 12 (type inferred from the allocation site or the accessing code).",
                "Not counted here: 3 transfers of 1 object labelled file but of another type (a merged slab cache: SLUB named"
                        + " it after its first user)."),
                js("[...document.querySelectorAll('#types-table .type-detail p.note')].map(p => p.textContent)"));
        assertEquals(List.of(), browser.errors());
    }

    /** A static or per-CPU variable's row is laid out as its type, the variable named beside it. */
    @Test
    void aVariableIsLaidOutAsItsType() throws Exception {
        load(HtmlReportTest.sample());
        js("document.querySelectorAll('#types-table button.expand')[2].click()");
        String layout = js("document.querySelector('#types-table table.layout').textContent").toString();
        assertTrue(layout.startsWith("struct rq { /* runqueues */"), layout);
        assertTrue(layout.contains("}; /* size: 128, cachelines: 2 */"), layout);
        assertTrue(layout.contains("unsigned int idle_balance:1;/*     8:0     1 */"), layout); // a bit-field as pahole shows it
        assertEquals(List.of("nr_running"), js("[...document.querySelectorAll('#types-table table.layout tr.hot td.decl')].map(t => t.textContent.trim().split(' ').pop().replace(';', ''))"));
        assertEquals(List.of(), browser.errors());
    }

    /** A line's "what" names each description once, though the document has one entry per access size. */
    @Test
    void aLinesWhatNamesEachDescriptionOnce() throws Exception {
        String entry = "{ \"offset\": 40, \"size\": 8, \"form\": \"typed\", \"type\": \"file\", \"field\": \"f_op\", "
                + "\"text\": \"(*(file)0xffff888004b2d000).f_op\" },";
        String sample = HtmlReportTest.sample();
        assertTrue(sample.contains(entry));
        load(sample.replace(entry, entry + "\n" + entry.replace("\"size\": 8", "\"size\": 4")));
        assertEquals("file.f_op, file.f_lock", ((List<?>) column("lines-table", 4)).get(1));
        assertEquals(List.of(), browser.errors());
    }

    /** The rows in no system call are notes under the system-call table, the kernel code's with what the document says it is. */
    @Test
    void theTransfersInNoSystemCallAreNotedWithWhatTheyAre() throws Exception {
        String typed = "\"typed_share\": 0.896552";
        String sample = HtmlReportTest.sample();
        assertTrue(sample.contains(typed));
        load(sample.replace(typed, typed + ", \"outside_syscalls\": [ { \"what\": \"user code\", \"transfers\": 6, \"lines\": 2 },"
                + " { \"what\": \"kernel code\", \"transfers\": 29, \"lines\": 3, \"where\": \"the idle loop, exit-to-user work\" } ]"));
        List<?> notes = (List<?>) js("[...document.querySelectorAll('#code .note')].map(n => n.textContent)");
        assertEquals(List.of("In no system call or interrupt, user code: 6 transfers (10.3% of all) on 2 lines.",
                "In no system call or interrupt, kernel code (the idle loop, exit-to-user work): 29 transfers (50.0% of all) on 3 lines."),
                notes);
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void theLineTableSaysWhatItRankedAndBy() throws Exception {
        String sample = HtmlReportTest.sample();
        load(sample);
        assertEquals("Cache lines ranked by transfers", js("document.querySelector('#lines h2').textContent"));
        assertTrue(js("document.querySelector('#lines .note').textContent").toString().startsWith("The top 3 of 3 shared lines."));
        String shared = "\"shared_lines\": 3, \"admitted_lines\": 3,";
        String sort = "\"sort\": \"transfers\"";
        assertTrue(sample.contains(shared) && sample.contains(sort));
        load(sample.replace(shared, "\"shared_lines\": 40, \"admitted_lines\": 3,").replace(sort, "\"sort\": \"cpus\""));
        assertEquals("Cache lines ranked by cpus", js("document.querySelector('#lines h2').textContent"));
        assertTrue(js("document.querySelector('#lines .note').textContent").toString()
                .startsWith("The top 3 of 3 shared lines the struct and function filters admit (of 40)."));
        assertEquals(List.of(), browser.errors());
    }

    /** A document without lines says why the line table is empty instead of announcing "the top 0". */
    @Test
    void anEmptyLineTableSaysWhy() throws Exception {
        String none = LargeDocument.build(0, 2, 1, 1, 10);
        String shared = "\"shared_lines\":900000";
        assertTrue(none.contains(shared));
        load(none.replace(shared, "\"shared_lines\":0"));
        assertEquals("No cache line to rank: no line moved between CPUs (see what is missing).",
                js("document.querySelector('#lines .note').textContent"));
        assertEquals(0L, js("document.querySelectorAll('#lines-table > tbody > tr.row').length"));
        load(none);
        assertEquals("No cache line to rank: the filters admit no shared line (see what is missing).",
                js("document.querySelector('#lines .note').textContent"));
        assertEquals(List.of(), browser.errors());
    }

    /** An array variable of structs is laid out as one element, its size the element's. */
    @Test
    void anArrayVariableIsLaidOutAsOneElement() throws Exception {
        load(HtmlReportTest.sample().replace("\"variable_type\": \"struct rq\",",
                "\"variable_type\": \"struct rq [2]\", \"element_size\": 64,"));
        js("document.querySelectorAll('#types-table button.expand')[2].click()");
        String layout = js("document.querySelector('#types-table table.layout').textContent").toString();
        assertTrue(layout.startsWith("struct rq [2] { /* runqueues */"), layout);
        assertTrue(layout.contains("}; /* size: 64, cachelines: 1 */ /* one element of struct rq [2], every element's transfers */"),
                layout);
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void aDocumentOfAnotherSchemaVersionIsRefusedOnThePage() throws Exception {
        Path page = Files.createTempFile(dir, "report", ".html");
        HtmlReport.write("{\"schema\":\"mtrace-report\",\"version\":2}", page);
        browser.load(page);
        assertEquals(false, js("document.getElementById('failure').hidden"));
        assertTrue(js("document.getElementById('failure').textContent").toString().contains("version 2"));
        assertEquals(List.of(), browser.errors());
    }

    @Test
    void theLargeDocumentRenders() throws Exception {
        load(LargeDocument.build(20, 64, 64, 8, 2000));
        assertEquals(20L, js("document.querySelectorAll('#lines-table > tbody > tr.row').length"));
        assertEquals(64L, js("document.querySelectorAll('#timeline polyline').length"));
        js("document.querySelectorAll('#lines-table button.expand')[0].click()");
        assertEquals(64L * 64, js("document.querySelectorAll('#lines-table svg.bytemap rect[data-cpu]').length"));
        assertEquals(List.of(), browser.errors());
    }
}
