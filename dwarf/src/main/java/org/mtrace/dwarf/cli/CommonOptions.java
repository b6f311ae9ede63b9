package org.mtrace.dwarf.cli;

import org.mtrace.dwarf.DebugInfo;
import org.mtrace.dwarf.elf.ModuleLoad;
import org.mtrace.dwarf.index.IndexCache;
import org.mtrace.format.cli.QuietOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** Options every subcommand shares: the ELF, cache control, progress. */
final class CommonOptions {
    @Parameters(index = "0", paramLabel = "ELF", description = "ELF file with DWARF debug information: a vmlinux, or an object file or kernel module, read with its relocations")
    Path elf;

    @Option(names = "--no-cache", description = "Index from scratch and do not write the index cache.")
    boolean noCache;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Index cache directory (default: $MTRACE_CACHE_DIR, else .cache/mtrace in the home directory).")
    Path cacheDir;

    @Mixin
    QuietOption quiet;

    DebugInfo open() {
        return open(elf, null);
    }

    DebugInfo open(Path file, ModuleLoad load) {
        boolean progress = quiet.progress();
        if (progress) System.err.print("mdwarf: reading " + file + " ...\r");
        IndexCache cache = noCache ? null : cacheDir != null ? new IndexCache(cacheDir) : IndexCache.defaultLocation();
        DebugInfo a = DebugInfo.open(file, cache, load);
        if (progress) System.err.print("\033[K");
        return a;
    }

    /** Parses 0x-prefixed hex or decimal. */
    static long number(String s) {
        String t = s.trim().toLowerCase();
        try {
            if (t.startsWith("0x")) return Long.parseUnsignedLong(t.substring(2), 16);
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + s + "' (use decimal or 0x-prefixed hex)");
        }
    }
}
