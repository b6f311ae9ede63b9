package org.mtrace.dwarf.cli;

import org.mtrace.dwarf.DebugInfo;
import org.mtrace.dwarf.index.DwarfIndex;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.read.Unit;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Units, DWARF versions, index counts and index time of an ELF file.")
final class InfoCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Override public Integer call() {
        long t0 = System.nanoTime();
        DebugInfo a = common.open();
        long openMs = (System.nanoTime() - t0) / 1_000_000;
        DwarfFile f = a.dwarf();
        DwarfIndex idx = a.index();
        Map<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < f.unitCount(); i++) {
            Unit u = f.unit(i);
            String kind = switch (u.unitType) {
                case Unit.DW_UT_TYPE, Unit.DW_UT_SPLIT_TYPE -> "type";
                case Unit.DW_UT_PARTIAL -> "partial";
                case Unit.DW_UT_SKELETON -> "skeleton";
                default -> "compile";
            };
            kinds.merge("DWARF " + u.version + " " + kind + " units", 1, Integer::sum);
        }
        System.out.println("file: " + a.elf().name());
        System.out.println("build-id: " + (a.elf().buildId().isEmpty() ? "(none)" : a.elf().buildId()));
        System.out.println("units: " + f.unitCount());
        kinds.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        System.out.println(".debug_info bytes: " + f.info.limit());
        System.out.println("DIEs visited: " + idx.dieCount);
        System.out.println("type names: " + idx.types.nameCount() + " (definitions: " + idx.types.definitionCount() + ")");
        System.out.println("functions with code: " + idx.functions.size());
        System.out.println("static variables: " + idx.varAddr.length);
        System.out.println("unit address ranges: " + idx.units.size());
        System.out.println("symbols: " + a.symbols().size() + " (objects: " + a.objectSymbols().size() + ")");
        long[] pcpu = a.perCpuRange();
        if (pcpu != null) System.out.printf("per-cpu section: 0x%x-0x%x%n", pcpu[0], pcpu[1]);
        System.out.println("index: " + (a.indexFromCache() ? "loaded from cache" : "built") + " in "
                + a.indexMillis() + " ms (open total " + openMs + " ms)");
        return 0;
    }
}
