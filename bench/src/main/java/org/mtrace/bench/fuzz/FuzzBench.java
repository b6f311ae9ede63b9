package org.mtrace.bench.fuzz;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mtrace-bench fuzz}: the hostile-input campaign for N minutes or N cases. */
@Command(name = "fuzz", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Feed m2text and mscan hostile variants of small synthetic logs (cuts, byte flips in compressed "
            + "and raw streams, forged fields and sizes, unknown types) and check: exit 0 or 2, on failure one "
            + "stderr line naming file, entry and byte offset, no exception or stack trace, bounded output, no hang."},
        exitCodeList = {"0:every check held", "1:some failed (listed, inputs kept in --dir)"})
public final class FuzzBench implements Callable<Integer> {
    @Option(names = "--minutes", paramLabel = "N", description = "stop after N minutes (default 1)")
    double minutes = 1;

    @Option(names = "--cases", paramLabel = "N", description = "stop after N cases (default: no limit)")
    int cases = Integer.MAX_VALUE;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default 1): same seed, same cases")
    long seed = 1;

    @Option(names = "--dir", paramLabel = "DIR", description = "work directory (default: a new temporary one)")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("mtrace-fuzz");
        long deadline = System.nanoTime() + (long) (minutes * 60e9);
        FuzzCampaign c = new FuzzCampaign(seed, work, System.out).run(cases, deadline);
        System.out.println(c.cases() + " cases, " + c.failures().size() + " failed checks (seed " + seed + ", inputs in "
                + work + ")");
        return c.failures().isEmpty() ? 0 : 1;
    }
}
