package org.mtrace.dist;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.mtrace.bench.BenchMain;
import org.mtrace.dwarf.cli.MdwarfMain;
import org.mtrace.kernelhooks.HookTableMain;
import org.mtrace.kernelhooks.refilter.RefilterMain;
import org.mtrace.m2text.M2Text;
import org.mtrace.mscan.cli.MscanMain;
import org.mtrace.mscan.engine.AnalysisCatalog;
import org.mtrace.synth.SynthMain;
import picocli.CommandLine;

/**
 * Every Java command of {@code bin/}, by launcher name, as the picocli command line its main runs:
 * the one source of the completion scripts and man pages ({@link CliDocs}). A test checks that
 * every launcher is here.
 */
public final class Tools {
    private Tools() {
    }

    public static Map<String, Supplier<CommandLine>> all() {
        Map<String, Supplier<CommandLine>> tools = new LinkedHashMap<>();
        tools.put("mscan", () -> new MscanMain(System.out, System.err, AnalysisCatalog.load()).commandLine());
        tools.put("m2text", () -> M2Text.commandLine(System.in, System.out, System.err));
        tools.put("mdwarf", MdwarfMain::commandLine);
        tools.put("mtrace-synth", () -> SynthMain.commandLine(System.out, System.err));
        tools.put("mtrace-bench", BenchMain::commandLine);
        tools.put("mtrace-hooks", HookTableMain::commandLine);
        tools.put("mtrace-refilter", RefilterMain::commandLine);
        return tools;
    }
}
