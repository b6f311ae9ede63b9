package org.mtrace.analyses.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mtrace.analyses.MscanCli;
import org.mtrace.analyses.MscanCli.Run;

/** HelloCommand, registered by one services line of this module's tests, is a command of bin/mscan. */
class SubcommandTest {
    @Test
    void reachableByNameWithTheSharedErrorHandling() {
        assertEquals(new Run(0, "hello world\n", ""), MscanCli.run("hello", "--name=world"));
        assertEquals(new Run(0, "hello world\n", ""), MscanCli.run("hello", "--name", "world"));
        assertEquals(new Run(2, "", "mscan: Unknown option: '--bogus' (see mscan hello --help)\n"),
                MscanCli.run("hello", "--name=x", "--bogus"));
        assertEquals(new Run(2, "", "mscan: --name must not be blank (see mscan hello --help)\n"),
                MscanCli.run("hello", "--name= "));
        assertEquals(new Run(2, "", "mscan: unknown analysis 'helo' (did you mean hello?)\n"),
                MscanCli.run("helo", "x.log"));
    }

    @Test
    void listedInHelpWithTheExitStatuses() {
        Run help = MscanCli.run("--help");
        assertEquals(0, help.status());
        // listed among the commands (after mscan's own, such as report), before the analyses
        String out = help.stdout();
        int commands = out.indexOf("\nCommands:\n");
        assertTrue(commands >= 0 && out.indexOf("\n  hello ", commands) > commands
                && out.indexOf("\n  hello ", commands) < out.indexOf("\nAnalyses:"), out);
        assertTrue(help.stdout().contains("mscan COMMAND [OPTIONS]"), help.stdout());
        Run own = MscanCli.run("hello", "--help");
        assertTrue(own.stdout().startsWith("Usage: mscan hello [-hV] --name=NAME"), own.stdout());
        assertTrue(own.stdout().contains("\n  70   internal error"), own.stdout());
    }
}
