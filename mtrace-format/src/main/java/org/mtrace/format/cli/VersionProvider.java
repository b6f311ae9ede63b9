package org.mtrace.format.cli;

import org.mtrace.format.Version;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * picocli's {@code --version} for every command: "{@code TOOL VERSION}", TOOL being the name of the
 * top command (so a subcommand such as {@code mdwarf info --version} prints the tool's line too), or
 * the top command's {@link Label}.
 */
public final class VersionProvider implements IVersionProvider {
    @Spec
    CommandSpec spec;

    /** A top command whose line names more than the command (mscan: to tell it from the original mscan). */
    public interface Label {
        String versionLabel();
    }

    @Override
    public String[] getVersion() {
        String tool = spec.root().userObject() instanceof Label l ? l.versionLabel() : spec.root().name();
        return new String[] {tool + " " + Version.get()};
    }
}
