package org.mtrace.format.cli;

import org.mtrace.format.Version;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * picocli's {@code --version} for every command: "{@code TOOL VERSION}", TOOL being the name of the
 * top command (so a subcommand such as {@code mdwarf info --version} prints the tool's line too).
 */
public final class VersionProvider implements IVersionProvider {
    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() {
        return new String[] {spec.root().name() + " " + Version.get()};
    }
}
