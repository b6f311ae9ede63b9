package org.mtrace.kernelhooks.refilter;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogFormatException;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.format.cli.Cli;
import org.mtrace.format.cli.QuietOption;
import org.mtrace.format.cli.VersionProvider;
import org.mtrace.mscan.lines.TransferModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/mtrace-refilter}: the movement filter applied offline to a full trace (docs/recorder.md). */
@Command(name = "mtrace-refilter", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Applies the recorder's cache-line movement filter to a full trace (a log recorded with "
            + "bin/mtrace-record --all, not sampled) and writes the log the recorder would have written with "
            + "the filter on, for any line size: record once, filter many times (docs/recorder.md).",
        exitCodeList = "1:the output could not be written")
public final class RefilterMain implements Callable<Integer> {
    enum Mode { movement }

    @Option(names = "--line-size", paramLabel = "N", defaultValue = "64",
            description = "cache-line size in bytes, a power of two (default 64, the recorder's)")
    int lineSize;

    @Option(names = "--mode", paramLabel = "movement", defaultValue = "movement",
            description = "the filter to apply (movement, the only one)")
    Mode mode;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true,
            description = "the filtered log (BGZF); '-' writes standard output")
    String output;

    @Parameters(paramLabel = "IN", description = "the full trace; '-' reads standard input")
    String input;

    @Mixin
    QuietOption quiet;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line (help, completion and man page included). */
    public static CommandLine commandLine() {
        return Cli.create(new RefilterMain());
    }

    @Override
    public Integer call() {
        TransferModel filter;
        try {
            filter = new TransferModel(lineSize);
        } catch (IllegalArgumentException e) {
            System.err.println("mtrace-refilter: --line-size: " + e.getMessage());
            return 2;
        }
        boolean stdin = "-".equals(input);
        String name = stdin ? "<stdin>" : input;
        LogReader reader;
        try {
            reader = stdin ? LogReader.open(System.in, name, ReaderOptions.STRICT)
                    : LogReader.open(Path.of(input), ReaderOptions.STRICT);
        } catch (LogFormatException e) {
            System.err.println("mtrace-refilter: " + e.file() + ": " + e.detail());
            return 2;
        } catch (IOException e) {
            System.err.println("mtrace-refilter: " + name + ": " + e.getMessage());
            return 2;
        }
        LogWriter writer;
        try {
            writer = "-".equals(output)
                    ? LogWriter.create((OutputStream) new FileOutputStream(FileDescriptor.out), Compression.BGZF)
                    : LogWriter.create(Path.of(output), Compression.BGZF);
        } catch (IOException e) {
            System.err.println("mtrace-refilter: cannot write " + output + ": " + e.getMessage());
            closeQuietly(reader);
            return 1;
        }
        int status = 0;
        try (reader) {
            Refilter.Counts c = new Refilter(filter).run(reader, writer);
            if (!quiet.quiet()) {
                System.err.printf("mtrace-refilter: %d entries, %d of %d accesses kept (%d-byte lines)%n",
                        c.entries(), c.accessesOut(), c.accessesIn(), lineSize);
            }
        } catch (Refilter.BadInputException e) {
            System.err.println("mtrace-refilter: " + e.getMessage());
            status = 2;
        } catch (LogFormatException e) {
            System.err.println("mtrace-refilter: " + e.getMessage());
            status = 2;
        } catch (IOException e) {
            System.err.println("mtrace-refilter: " + e.getMessage());
            status = 1;
        }
        try {
            writer.close(); // what was valid before a fault is still written
        } catch (IOException e) {
            System.err.println("mtrace-refilter: cannot write " + output + ": " + e.getMessage());
            return 1;
        }
        return status;
    }

    private static void closeQuietly(LogReader r) {
        try {
            r.close();
        } catch (IOException ignored) {
            // nothing was read; the write error is what is reported
        }
    }
}
