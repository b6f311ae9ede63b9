package org.mtrace.dwarf.cli;

import org.mtrace.dwarf.DebugInfo;
import org.mtrace.dwarf.LoadedModules;
import org.mtrace.dwarf.elf.ModuleLoad;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --module}: kernel modules loaded into the ELF's address space, for commands that take addresses or types. */
final class ModuleOptions {
    @Option(names = "--module", paramLabel = "FILE@ADDR[,SECTION=ADDR...]",
            description = {"A kernel module (.ko with debug info) loaded at ADDR, the address of its .text "
                    + "(/sys/module/NAME/sections/.text); its other sections follow Linux 6.1's module layout "
                    + "unless given as SECTION=ADDR (from /sys/module/NAME/sections/). Addresses inside the "
                    + "module, and types only it defines, are described from it. Repeatable."})
    List<String> modules = new ArrayList<>();

    /** The ELF and the modules, each placed at its load address. */
    LoadedModules open(CommonOptions common) {
        List<ModuleLoad> loads = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String spec : modules) { // all parsed before anything is read: usage errors come first
            int at = spec.lastIndexOf('@');
            if (at <= 0) throw new IllegalArgumentException("--module=" + spec + ": expected FILE@ADDR[,SECTION=ADDR...]");
            files.add(Path.of(spec.substring(0, at)));
            loads.add(ModuleLoad.parse(spec.substring(at + 1)));
        }
        DebugInfo kernel = common.open();
        List<DebugInfo> opened = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            DebugInfo m = common.open(files.get(i), loads.get(i));
            if (!m.elf().isRelocatable())
                throw new IllegalArgumentException(files.get(i) + ": --module needs a relocatable object (.ko), not a linked ELF");
            opened.add(m);
        }
        return new LoadedModules(kernel, opened);
    }
}
