package org.mtrace.dwarf.cli;

import org.mtrace.dwarf.DebugInfo;
import org.mtrace.dwarf.LoadedModules;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "addr2line", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"PC -> 'function at file:line', as addr2line -C -f -s -i gives the innermost frame.",
                "Output: one line per PC, 'PC<TAB>func at file:line'; with -i the inlining callers follow,",
                "each as 'PC<TAB> (inlined by) func at file:line'."})
final class Addr2lineCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModuleOptions modules;

    @Parameters(index = "1..*", paramLabel = "PC", arity = "1..*", description = "Code addresses (0x-hex or decimal)")
    List<String> pcs;

    @Option(names = {"-i", "--inlines"}, description = "Also print the frames of the inlining callers.")
    boolean inlines;

    @Override public Integer call() {
        long[] values = new long[pcs.size()];
        for (int i = 0; i < values.length; i++) values[i] = CommonOptions.number(pcs.get(i));
        LoadedModules loaded = modules.open(common);
        StringBuilder out = new StringBuilder();
        try {
            for (long pc : values) {
                DebugInfo a = loaded.forAddress(pc);
                String label = "0x" + Long.toHexString(pc);
                if (!inlines) {
                    out.append(label).append('\t').append(a.source(pc)).append('\n');
                    continue;
                }
                List<String> frames = a.sourceWithInlines(pc);
                out.append(label).append('\t').append(frames.get(0)).append('\n');
                for (int i = 1; i < frames.size(); i++) out.append(label).append("\t (inlined by) ").append(frames.get(i)).append('\n');
            }
        } finally {
            System.out.print(out); // the PCs answered before a fault in the debug information are still printed
        }
        return 0;
    }
}
