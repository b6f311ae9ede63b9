package org.mtrace.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The commands of bin/ as their scripts say, read independently of the tools: name to main class. */
final class Launchers {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** The main class a bin/ launcher hands to _launch. */
    private static final Pattern LAUNCH = Pattern.compile("_launch\"? +([A-Za-z0-9_.]+) ");

    private Launchers() {
    }

    /** bin name to main class, or to null for a script that runs no Java (bin/_launch itself left out). */
    static TreeMap<String, String> all() throws IOException {
        TreeMap<String, String> mains = new TreeMap<>();
        try (Stream<Path> bin = Files.list(ROOT.resolve("bin"))) {
            for (Path p : (Iterable<Path>) bin::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith("_")) {
                    continue;
                }
                Matcher m = LAUNCH.matcher(Files.readString(p));
                mains.put(name, m.find() ? m.group(1) : null);
            }
        }
        return mains;
    }
}
