package org.mtrace.kernelhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class HookTableTest {
    /** A kernel with two functions, one variable, one field and the page size known. */
    private static final HookFacts SMALL = new HookFacts() {
        public OptionalLong symbolAddress(String name) {
            Long v = Map.of("kfree", 0xffffffff812a67d0L, "__switch_to", 0xffffffff8102f240L,
                    "sys_call_table", 0xffffffff82000360L,
                    // 6.12's names for two hooked functions (the handlers' own names are absent)
                    "__kmalloc_cache_noprof", 0xffffffff813cab10L, "__alloc_pages_noprof", 0xffffffff813b8660L)
                    .get(name);
            return v == null ? OptionalLong.empty() : OptionalLong.of(v);
        }

        public OptionalLong fieldOffset(String struct, String field) {
            return struct.equals("task_struct") && field.equals("pid") ? OptionalLong.of(2416) : OptionalLong.empty();
        }

        public OptionalLong structSize(String struct) {
            return struct.equals("page") ? OptionalLong.of(64) : OptionalLong.empty();
        }
    };

    @Test
    void writesKnownFactsAsLinesAndMissingOnesAsComments() {
        StringWriter out = new StringWriter();
        HookTable.from(SMALL).write(out);
        String text = out.toString();
        assertTrue(text.startsWith("# mtrace hook table, format 1\n"));
        assertTrue(text.contains("\nfunc kfree 0xffffffff812a67d0\n"));
        assertTrue(text.contains("\nfunc __switch_to 0xffffffff8102f240\n"));
        assertTrue(text.contains("\nsymbol sys_call_table 0xffffffff82000360\n"));
        assertTrue(text.contains("\noffset task_struct.pid 2416\n"));
        assertTrue(text.contains("\nsize page 64\n"));
        assertTrue(text.contains("\n# missing func do_exit\n"));
        assertTrue(text.contains("\n# missing offset task_struct.comm\n"));
        long facts = text.lines().filter(l -> !l.startsWith("#")).count();
        assertEquals(7, facts);
    }

    @Test
    void aRenamedFunctionIsWrittenUnderItsHandlersNameWithTheSymbolFound() {
        StringWriter out = new StringWriter();
        HookTable.from(SMALL).write(out);
        String text = out.toString();
        // the plugin strips "# ..." and installs handler kmalloc_trace at the 6.12 symbol's address
        assertTrue(text.contains("\nfunc kmalloc_trace 0xffffffff813cab10 # __kmalloc_cache_noprof\n"), text);
        assertTrue(text.contains("\nfunc __alloc_pages 0xffffffff813b8660 # __alloc_pages_noprof\n"), text);
        assertTrue(text.contains("\n# missing func kmem_cache_alloc (looked for kmem_cache_alloc, kmem_cache_alloc_noprof)\n"),
                text);
    }

    /** The Java list and the plugin's handler table must name the same functions. */
    @Test
    void functionListMatchesThePluginsHandlers() throws Exception {
        String c = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("recorder/src/kernel_hooks.c"));
        int start = c.indexOf("known_hooks[] = {");
        Matcher m = Pattern.compile("\\{ \"([A-Za-z0-9_]+)\",").matcher(c.substring(start, c.indexOf("};", start)));
        Set<String> inC = new HashSet<>();
        while (m.find()) {
            inC.add(m.group(1));
        }
        assertEquals(inC, HookTable.FUNCTIONS.stream().map(HookTable.Function::hook).collect(Collectors.toSet()));
    }
}
