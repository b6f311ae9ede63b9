package org.mtrace.dwarf;

import org.junit.jupiter.api.Test;
import org.mtrace.dwarf.index.IndexCache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheTest {
    @Test
    void secondOpenUsesCacheAndAChangedFileIsReindexed() throws Exception {
        Path dir = Files.createTempDirectory(Fixtures.dir(), "cache");
        Path elf = dir.resolve("types");
        Files.copy(Fixtures.build("types.c", "gcc", "-g", "-gdwarf-5", "-O0"), elf);
        IndexCache cache = new IndexCache(dir.resolve("cache"));
        DebugInfo first = DebugInfo.open(elf, cache);
        assertFalse(first.indexFromCache());
        DebugInfo second = DebugInfo.open(elf, cache);
        assertTrue(second.indexFromCache());
        long g = second.symbolAddress("global_foo").getAsLong();
        for (int off = 0; off < 96; off++) {
            assertEquals(first.describe("foo", 0, off, 0), second.describe("foo", 0, off, 0));
            assertEquals(first.describeAddress(g + off), second.describeAddress(g + off));
        }
        long main = second.symbolAddress("main").getAsLong();
        assertEquals(first.source(main), second.source(main));
        Files.setLastModifiedTime(elf, FileTime.fromMillis(Files.getLastModifiedTime(elf).toMillis() + 5000));
        assertFalse(DebugInfo.open(elf, cache).indexFromCache(), "a changed ELF invalidates the cache");
        Files.writeString(cache.fileFor(first.elf()), "garbage");
        DebugInfo afterDamage = DebugInfo.open(elf, cache);
        assertFalse(afterDamage.indexFromCache());
        assertEquals(first.describe("foo", 0, 40, 0), afterDamage.describe("foo", 0, 40, 0));
    }
}
