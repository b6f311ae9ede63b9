package org.mtrace.m2text;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mtrace.format.EntryType;
import org.mtrace.format.io.FileNames;
import org.mtrace.format.io.LogFormatException;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.ReaderOptions;
import org.mtrace.format.print.EntryPrinter;
import org.mtrace.format.cli.Cli;
import org.mtrace.format.cli.ExitCodes;
import org.mtrace.format.cli.QuietOption;
import org.mtrace.format.cli.VersionProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code m2text}: prints an mtrace log as text lines (the original m2text's format) or JSON lines,
 * or with {@code --original} exactly as the original m2text / m2json did. A thin shell over
 * {@link EntryPrinter}: option parsing and exit codes here, the loop in {@link EntryDump}.
 */
@Command(name = "m2text", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Print every entry of an mtrace log, one line each.",
            "Default: the original m2text's line format with its printing bugs fixed, plus gc/gcepoch lines."},
        exitCodeList = "1:the output could not be written",
        footer = {"", "Details: docs/m2text.md"})
public final class M2Text implements Callable<Integer> {
    static final int OK = ExitCodes.OK;
    static final int OUTPUT_ERROR = 1;
    static final int BAD_INPUT = ExitCodes.BAD_INPUT;
    static final String STDIN = "-";

    enum Format { text, json }

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) or json: one JSON object per entry per line with every field")
    Format format;

    @Option(names = "--original",
            description = "reproduce the original tools byte for byte, bugs included: m2text for text (segment "
                    + "prints 5, '(null)' for done_value and kernelscope, no gc/gcepoch lines), m2json for json "
                    + "(one pretty-printed array, unescaped strings); implies --skip-unknown")
    boolean original;

    @Option(names = "--skip-unknown",
            description = "report entries of unknown type as 'print_entry: bad type N' on stderr and go on "
                    + "(default: stop with an error, exit 2)")
    boolean skipUnknown;

    @Option(names = "--type", split = ",", paramLabel = "TYPE", converter = TypeConverter.class,
            description = "print only these entry types (names such as access,label or codes 1..15)")
    List<EntryType> types = new ArrayList<>();

    @Option(names = "--cpu", split = ",", paramLabel = "N", description = "print only entries of these header CPUs")
    List<Integer> cpus = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", description = "stop after printing N entries")
    long limit = Long.MAX_VALUE;

    @Mixin
    QuietOption quiet;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "LOG", description = "the log (gzip or raw); '-' reads standard input")
    String log;

    private final InputStream stdin;
    private final OutputStream stdout;
    private final PrintStream stderr;

    M2Text(InputStream stdin, OutputStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        OutputStream out = new FileOutputStream(FileDescriptor.out); // the printer buffers; no PrintStream in between
        System.exit(run(args, System.in, out, System.err));
    }

    /** The command line (help, completion and man page included) with the given standard streams. */
    public static CommandLine commandLine(InputStream stdin, OutputStream stdout, PrintStream stderr) {
        CommandLine cmd = Cli.create(new M2Text(stdin, stdout, stderr));
        cmd.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
        cmd.setErr(new PrintWriter(stderr, true));
        return cmd;
    }

    /** Runs the command with the given standard streams and returns its exit status. */
    public static int run(String[] args, InputStream stdin, OutputStream stdout, PrintStream stderr) {
        return commandLine(stdin, stdout, stderr).execute(args);
    }

    @Override
    public Integer call() {
        if (limit < 0) {
            return usage("--limit must not be negative");
        }
        EntryFilter filter;
        try {
            filter = new EntryFilter(types, cpus);
        } catch (IllegalArgumentException e) {
            return usage("--cpu: " + e.getMessage());
        }
        ReaderOptions options = ReaderOptions.STRICT.withSkipUnknownTypes(skipUnknown || original);
        boolean fromStdin = STDIN.equals(log);
        String name = fromStdin ? "<stdin>" : log;
        LogReader reader;
        try {
            reader = fromStdin ? LogReader.open(stdin, name, options) : LogReader.open(Path.of(log), options);
        } catch (LogFormatException e) {
            // nothing was read yet: the file itself is the problem (missing, a directory, unreadable, bad gzip header)
            stderr.println("m2text: " + FileNames.printable(e.file()) + ": " + e.detail());
            return BAD_INPUT;
        } catch (IOException e) {
            stderr.println("m2text: " + FileNames.printable(name) + ": " + e.getMessage());
            return BAD_INPUT;
        }
        try (reader) {
            Progress progress = Progress.create(quiet.progress(), stderr, name,
                    fromStdin ? null : Path.of(log));
            new EntryDump(reader, filter, printer(), limit, stderr, progress).run();
            return OK;
        } catch (EntryDump.OutputException e) {
            if (isBrokenPipe(e)) {
                return OK; // the reader of our output went away (e.g. `| head`): not an error
            }
            stderr.println("m2text: cannot write output: " + e.getMessage());
            return OUTPUT_ERROR;
        } catch (LogFormatException e) {
            stderr.println("m2text: " + e.getMessage()); // FILE: entry N at byte offset O: DETAIL
            return BAD_INPUT;
        } catch (IOException e) {
            stderr.println("m2text: " + FileNames.printable(name) + ": " + e.getMessage());
            return BAD_INPUT;
        }
    }

    private EntryPrinter printer() {
        if (format == Format.json) {
            return original ? EntryPrinter.originalJson(stdout) : EntryPrinter.jsonLines(stdout);
        }
        return original ? EntryPrinter.originalText(stdout) : EntryPrinter.text(stdout);
    }

    private int usage(String message) {
        throw Cli.usageError(spec, message);
    }

    private static boolean isBrokenPipe(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("Broken pipe");
    }

    /** Accepts entry type names ({@code access}) and codes ({@code 2}). */
    static final class TypeConverter implements CommandLine.ITypeConverter<EntryType> {
        @Override
        public EntryType convert(String value) {
            try {
                return EntryType.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
