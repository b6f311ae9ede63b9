package org.mtrace.dist;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes, at build time (dist's package phase), the bash completion scripts and the AsciiDoc man
 * pages of every tool from the same picocli models the tools parse with, so they cannot drift:
 * {@code completion/NAME.bash} (one per tool, the bash-completion layout), {@code completion/mtrace.bash}
 * (all of them, to source once) and {@code man/NAME.adoc}, {@code man/NAME-SUBCOMMAND.adoc}.
 * Usage: {@code CliDocs OUTPUT_DIR}.
 */
public final class CliDocs {
    private CliDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CliDocs OUTPUT_DIR");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        writeCompletion(out.resolve("completion"));
        writeManPages(out.resolve("man"));
    }

    /** One script per tool and one with all of them. */
    static void writeCompletion(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, Supplier<CommandLine>> t : Tools.all().entrySet()) {
            String script = AutoComplete.bash(t.getKey(), t.getValue().get());
            Files.writeString(dir.resolve(t.getKey() + ".bash"), script, StandardCharsets.UTF_8);
            all.append(script).append('\n');
        }
        Files.writeString(dir.resolve("mtrace.bash"), all, StandardCharsets.UTF_8);
    }

    /** AsciiDoc man pages (picocli's ManPageGenerator), one per command and subcommand. */
    static void writeManPages(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Supplier<CommandLine> t : Tools.all().values()) {
            int rc = ManPageGenerator.generateManPage(dir.toFile(), (File) null, new boolean[0], true,
                    t.get().getCommandSpec());
            if (rc != 0) {
                throw new IOException("man page generator failed with status " + rc);
            }
        }
    }
}
