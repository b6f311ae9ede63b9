package org.mtrace.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's bin/ launchers from where this class was loaded (dist/target/lib or a module's target/classes). */
final class Installation {
    private Installation() {
    }

    /** {@code bin/NAME} of the installation this class runs from, or null. */
    static Path launcher(String name) {
        try {
            Path p = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (; p != null; p = p.getParent()) {
                Path candidate = p.resolve("bin").resolve(name);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // unknown location
        }
        return null;
    }
}
