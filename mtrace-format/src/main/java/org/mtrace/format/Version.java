package org.mtrace.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The project's version, as every tool prints it for {@code --version}. The one place it is written
 * is the parent pom's project version; Maven copies it into {@code version.properties} of this module
 * (every tool depends on it), and {@code bin/mtrace-record}, which runs without a build, reads the
 * pom itself. A {@code -SNAPSHOT} suffix is not shown (both here and in mtrace-record): the tools
 * name the release line they implement, and a development build prints the release it leads to.
 */
public final class Version {
    private static final String RESOURCE = "version.properties";
    private static final String SNAPSHOT = "-SNAPSHOT";
    private static final String VERSION = load();

    private Version() {
    }

    /** The project version without {@code -SNAPSHOT}, e.g. {@code 0.1.0}. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("mtrace-format: " + RESOURCE + " is missing from the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String v = p.getProperty("version", "");
        if (v.isEmpty() || v.startsWith("${")) { // an unfiltered copy (e.g. an IDE build without Maven)
            throw new IllegalStateException("mtrace-format: " + RESOURCE + " was not filtered by Maven: '" + v + "'");
        }
        return v.endsWith(SNAPSHOT) ? v.substring(0, v.length() - SNAPSHOT.length()) : v;
    }
}
