package org.mtrace.dwarf.cli;

import org.mtrace.dwarf.DebugInfo;
import org.mtrace.dwarf.LoadedModules;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "describe", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"The field at an offset inside a type, or at the address of a static/per-CPU variable.",
                "",
                "describe ELF TYPE OFFSET   e.g. '(*(struct inode)0x0).i_lock' (as mscan prints it);",
                "                           TYPE may be 'struct X', 'union X', 'enum X' or a plain/typedef name.",
                "describe ELF ADDRESS       e.g. 'runqueues.nr_running', 'jiffies'.",
                "ELF may also be a bzImage (vmlinuz): TYPE OFFSET is then answered from its BTF (no DWARF needed)."},
        exitCodeList = "1:nothing describes it (the mscan fallback TYPE+0xOFF or the address is printed)")
final class DescribeCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @Mixin ModuleOptions modules;

    @Parameters(index = "1", paramLabel = "TYPE|ADDRESS", description = "Type name, or an address when OFFSET is absent")
    String first;

    @Parameters(index = "2", arity = "0..1", paramLabel = "OFFSET", description = "Byte offset inside TYPE")
    String offset;

    @Option(names = "--base", paramLabel = "ADDR", description = "Object base address to print (default 0).")
    String base = "0";

    @Option(names = "--pc", paramLabel = "PC", description = "PC hint: prefer the type defined in this PC's unit.")
    String pc = "0";

    @Override public Integer call() {
        long baseValue = CommonOptions.number(base), pcValue = CommonOptions.number(pc);
        if (offset == null) {
            long addr = CommonOptions.number(first);
            DebugInfo a = modules.open(common).forAddress(addr);
            String d = a.describeAddress(addr);
            System.out.println(d != null ? d : "0x" + Long.toHexString(addr));
            return d != null ? 0 : MdwarfMain.NOT_FOUND;
        }
        String type = first;
        long off = CommonOptions.number(offset);
        if (org.mtrace.dwarf.btf.KernelImage.isBzImage(common.elf)) {
            String d = org.mtrace.dwarf.btf.BtfKernel.open(common.elf, null, w -> { }).describe(type, baseValue, off);
            System.out.println(d != null ? d : type + "+0x" + Long.toHexString(off));
            System.err.println("mdwarf: types from the image's BTF; no DWARF, so no file:line");
            return d != null ? 0 : MdwarfMain.NOT_FOUND;
        }
        LoadedModules loaded = modules.open(common);
        DebugInfo a = pcValue != 0 && loaded.forAddress(pcValue).definesType(type) ? loaded.forAddress(pcValue)
                : loaded.forType(type);
        String d = a.describe(type, baseValue, off, pcValue);
        System.out.println(d != null ? d : type + "+0x" + Long.toHexString(off));
        return d != null ? 0 : MdwarfMain.NOT_FOUND;
    }
}
