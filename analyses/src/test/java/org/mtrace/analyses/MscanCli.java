package org.mtrace.analyses;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.mtrace.mscan.cli.MscanMain;
import org.mtrace.mscan.engine.AnalysisCatalog;

/** Runs bin/mscan's main in process with the service-loaded catalog and captures what it prints. */
public final class MscanCli {
    /** Exit status, stdout (ISO-8859-1, as mscan writes it) and stderr of one run. */
    public record Run(int status, String stdout, String stderr) {
    }

    private MscanCli() {
    }

    public static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new MscanMain(new PrintStream(out, true, StandardCharsets.ISO_8859_1),
                new PrintStream(err, true, StandardCharsets.UTF_8), AnalysisCatalog.load()).run(List.of(args));
        return new Run(rc, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8));
    }
}
