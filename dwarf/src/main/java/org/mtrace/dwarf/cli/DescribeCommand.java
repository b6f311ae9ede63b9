package org.mtrace.dwarf.cli;

import org.mtrace.dwarf.Attribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "describe", mixinStandardHelpOptions = true,
        description = {"describe ELF TYPE OFFSET: the field at OFFSET inside TYPE, as mscan prints it,",
                "  e.g. '(*(struct inode)0x0).i_lock'; TYPE may be 'struct X', 'union X' or a plain/typedef name.",
                "describe ELF ADDRESS: the static or per-CPU variable and field at ADDRESS, e.g. 'jiffies'.",
                "Exit status 1 if nothing describes it (then the mscan fallback TYPE+0xOFF is printed)."})
final class DescribeCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "1..2", arity = "1..2", paramLabel = "TYPE OFFSET | ADDRESS")
    List<String> args;

    @Option(names = "--base", paramLabel = "ADDR", description = "Object base address to print (default 0).")
    String base = "0";

    @Option(names = "--pc", paramLabel = "PC", description = "PC hint: prefer the type defined in this PC's unit.")
    String pc = "0";

    @Override public Integer call() {
        long baseValue = CommonOptions.number(base), pcValue = CommonOptions.number(pc);
        if (args.size() == 1) {
            long addr = CommonOptions.number(args.get(0));
            Attribution a = common.open();
            String d = a.describeAddress(addr);
            System.out.println(d != null ? d : "0x" + Long.toHexString(addr));
            return d != null ? 0 : MdwarfMain.NOT_FOUND;
        }
        String type = args.get(0);
        long off = CommonOptions.number(args.get(1));
        Attribution a = common.open();
        String d = a.describe(type, baseValue, off, pcValue);
        System.out.println(d != null ? d : type + "+0x" + Long.toHexString(off));
        return d != null ? 0 : MdwarfMain.NOT_FOUND;
    }
}
