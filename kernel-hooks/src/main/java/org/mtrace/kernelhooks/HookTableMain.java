package org.mtrace.kernelhooks;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mtrace.dwarf.DebugInfo;
import org.mtrace.dwarf.DwarfException;
import org.mtrace.format.cli.Cli;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bin/mtrace-hooks VMLINUX}: writes the recorder's hook table from the vmlinux's symbols and DWARF. */
@Command(name = "mtrace-hooks", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Writes the recorder plugin's hook table (docs/recorder.md) for a vmlinux to stdout: "
                + "addresses of the hooked kernel functions and variables, and the struct field offsets and sizes "
                + "the hooks read, from the image's symbol table and DWARF (no gdb needed). Facts the kernel lacks "
                + "become '# missing' comments (those hooks are disabled)."})
public final class HookTableMain implements Callable<Integer> {
    @Parameters(paramLabel = "VMLINUX", description = "kernel image with debug information")
    Path vmlinux;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(vmlinux)) {
            System.err.println("mtrace-hooks: " + vmlinux + ": no such file");
            return 2;
        }
        try {
            HookTable table = HookTable.from(new DwarfHookFacts(DebugInfo.open(vmlinux)));
            Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            table.write(out);
            return 0;
        } catch (DwarfException e) {
            System.err.println("mtrace-hooks: " + e.getMessage());
            return 2;
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line (help, completion and man page included). */
    public static CommandLine commandLine() {
        return Cli.create(new HookTableMain());
    }
}
