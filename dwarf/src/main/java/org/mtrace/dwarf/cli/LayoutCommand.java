package org.mtrace.dwarf.cli;

import org.mtrace.dwarf.DebugInfo;
import org.mtrace.dwarf.describe.StructLayout;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "layout", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Member offsets and sizes of a struct/union (gdb 'ptype/o' columns).",
                "Holes, tail padding and 64-byte cache-line boundaries are marked."},
        exitCodeList = "1:the type is unknown")
final class LayoutCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModuleOptions modules;

    @Parameters(index = "1", paramLabel = "TYPE", description = "e.g. 'struct inode', 'atomic_t'")
    String type;

    @Override public Integer call() {
        DebugInfo a = modules.open(common).forType(type);
        StructLayout layout = a.layout(type);
        if (layout == null) {
            System.err.println("mdwarf: " + a.elf().name() + ": no type named '" + type + "'");
            return MdwarfMain.NOT_FOUND;
        }
        System.out.print(layout.render());
        return 0;
    }
}
