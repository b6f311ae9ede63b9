package org.mtrace.mscan.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegionLabelTest {
    private static void assertPurpose(RegionLabel.Kind kind, String what, String name) {
        RegionLabel.Purpose p = RegionLabel.of(name);
        assertEquals(new RegionLabel.Purpose(kind, what), p, name);
    }

    /** Names as the recorder writes them (its snprintf formats, filled in by hand). */
    @Test
    void recorderNamesHaveTheirPurpose() {
        assertPurpose(RegionLabel.Kind.STACK, "task stack", "stack of 812 (rm)");
        assertPurpose(RegionLabel.Kind.STACK, "IRQ stack", "irq stack of cpu 3");
        assertPurpose(RegionLabel.Kind.STACK, "free task stack (cached for the next fork)", "free task stack");
        assertPurpose(RegionLabel.Kind.REGION, "page-table page", "page-table page");
        assertPurpose(RegionLabel.Kind.REGION, "slab page (outside live objects)", "slab page of dentry");
        assertPurpose(RegionLabel.Kind.DATA, "page-cache page", "page cache of inode 4711");
        assertPurpose(RegionLabel.Kind.DATA, "page-cache page", "page cache");
        assertPurpose(RegionLabel.Kind.DATA, "anonymous page", "anonymous page of 167 (sh)");
        assertPurpose(RegionLabel.Kind.DATA, "user page (anonymous or file, before mapping)", "user page of 9 (init)");
        assertPurpose(RegionLabel.Kind.DATA, "socket data page (page fragment of data sent)", "socket data page");
        assertPurpose(RegionLabel.Kind.REGION, "per-CPU dynamic area", "per-CPU dynamic area of cpu 0");
        assertPurpose(RegionLabel.Kind.REGION, "per-CPU allocator map", "per-CPU allocator map (bound_map)");
        assertPurpose(RegionLabel.Kind.REGION, "vmalloc backing page (direct-map alias)", "vmalloc backing page");
        assertPurpose(RegionLabel.Kind.REGION, "kernel hash table", "hash table dentry_hashtable");
        assertPurpose(RegionLabel.Kind.REGION, "kernel hash table", "hash table TCP established");
    }

    @Test
    void otherNamesHaveNone() {
        for (String name : new String[] {"pages", "kmalloc-64", "dentry", "stack", "task_struct", "", "page"}) {
            assertNull(RegionLabel.of(name), name);
        }
    }

    /**
     * Every purpose name the recorder's C sources write (a string literal or snprintf format that
     * begins one of its region labels) is known here: the two lists are in different languages.
     */
    @Test
    void everyRecorderFormatIsKnown() throws Exception {
        Path src = Path.of("").toAbsolutePath().getParent().resolve("recorder/src");
        Pattern label = Pattern.compile("(?:snprintf\\([^,]+, sizeof [^,]+, |label_region\\(cpu, |label_hash\\(cpu, |push\\(cpu, )\"([^\"%]+)");
        int found = 0;
        for (String file : new String[] {"kernel_stacks.c", "kernel_regions.c", "page_purpose.c"}) {
            Matcher m = label.matcher(Files.readString(src.resolve(file)));
            while (m.find()) {
                found++;
                assertEquals(true, RegionLabel.of(m.group(1)) != null, file + ": " + m.group(1));
            }
        }
        assertEquals(true, found == 18, "formats found: " + found);
    }
}
