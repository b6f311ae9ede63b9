package org.mtrace.format.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place where every command's errors become exit statuses and stderr lines
 * ({@link ExitCodes}): bad usage is one line "{@code TOOL: MESSAGE (see TOOL --help)}" and status 2;
 * an exception of a type the tool declares as bad input is one line "{@code TOOL: MESSAGE}" and 2;
 * any other exception is a fault of the program, one line "{@code TOOL: internal error: ...}" and 70.
 * It also writes the shared exit statuses into every (sub)command's {@code --help}.
 */
public final class Cli implements IParameterExceptionHandler, IExecutionExceptionHandler, IExitCodeExceptionMapper {
    private final List<Class<? extends Exception>> badInput;

    private Cli(List<Class<? extends Exception>> badInput) {
        this.badInput = List.copyOf(badInput);
    }

    /** A command line for {@code command} with the shared handlers; see {@link #install}. */
    @SafeVarargs
    public static CommandLine create(Object command, Class<? extends Exception>... badInput) {
        return install(new CommandLine(command), badInput);
    }

    /**
     * Installs the shared handlers and exit status lists on {@code cl} and on every subcommand it
     * has now (add subcommands first).
     *
     * @param badInput exceptions that mean the input was bad (e.g. a malformed ELF), not the program
     */
    @SafeVarargs
    public static CommandLine install(CommandLine cl, Class<? extends Exception>... badInput) {
        Cli handler = new Cli(List.of(badInput));
        cl.setParameterExceptionHandler(handler);
        cl.setExecutionExceptionHandler(handler);
        cl.setExitCodeExceptionMapper(handler);
        footers(cl);
        return cl;
    }

    private static void footers(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        spec.exitCodeOnInvalidInput(ExitCodes.BAD_INPUT).exitCodeOnExecutionException(ExitCodes.INTERNAL);
        spec.usageMessage().exitCodeListHeading("%nExit status:%n")
                .exitCodeList(ExitCodes.merged(spec.usageMessage().exitCodeList()));
        cl.getSubcommands().values().stream().distinct().forEach(Cli::footers); // aliases map to the same command
    }

    /** A usage error found by a command itself (after parsing), reported like picocli's own. */
    public static ParameterException usageError(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A usage error whose message already says what to do (e.g. "did you mean ..."): no "see --help". */
    public static ParameterException selfExplainedUsageError(CommandSpec spec, String message) {
        return new SelfExplained(spec.commandLine(), message);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        CommandSpec spec = c.getCommandSpec();
        String help = ex instanceof SelfExplained ? "" : " (see " + spec.qualifiedName() + " --help)";
        err(c).println(spec.root().name() + ": " + ex.getMessage() + help);
        return ExitCodes.BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine c, ParseResult parsed) {
        String tool = c.getCommandSpec().root().name();
        if (badInput.stream().anyMatch(k -> k.isInstance(ex))) {
            err(c).println(tool + ": " + ex.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        err(c).println(tool + ": " + internal(ex));
        return ExitCodes.INTERNAL;
    }

    @Override
    public int getExitCode(Throwable t) {
        return t instanceof ParameterException ? ExitCodes.BAD_INPUT : ExitCodes.INTERNAL;
    }

    /** "internal error: TYPE: MESSAGE (at FRAME)": enough to find it, without a stack trace. */
    public static String internal(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        return "internal error: " + t + (trace.length > 0 ? " (at " + trace[0] + ")" : "") + "; please report it";
    }

    private static PrintWriter err(CommandLine c) {
        return c.getErr();
    }

    private static final class SelfExplained extends ParameterException {
        private static final long serialVersionUID = 1L;

        SelfExplained(CommandLine c, String message) {
            super(c, message);
        }
    }
}
