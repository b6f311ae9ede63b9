package org.mtrace.dwarf;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Abbreviations with more than 16 attribute specs, one after another (the parser's scratch arrays grow
 * past their initial size and are reused): the sizes readelf decodes from the same hand-written DWARF.
 */
class WideAbbreviationTest {
    @Test
    void sizesMatchReadelf() {
        Path obj = Fixtures.build("wideabbrev.s", "gcc", "-c");
        Matcher m = Pattern.compile("DW_AT_name\\s*:\\s*(wider?)\\s+.*?DW_AT_byte_size\\s*:\\s*(\\d+)", Pattern.DOTALL)
                .matcher(Fixtures.run("readelf", "--debug-dump=info", obj.toString()));
        DebugInfo a = DebugInfo.open(obj, null);
        int seen = 0;
        while (m.find()) {
            assertEquals(Long.parseLong(m.group(2)), a.typeSize("struct " + m.group(1)).getAsLong(), m.group(1));
            seen++;
        }
        assertEquals(2, seen, "readelf printed both structs");
    }
}
