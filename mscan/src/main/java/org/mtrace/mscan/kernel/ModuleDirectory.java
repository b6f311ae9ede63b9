package org.mtrace.mscan.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code .ko} files under a directory (e.g. the {@code -dbg} package's
 * {@code /usr/lib/debug/lib/modules/VERSION}), by module name: the file name without {@code .ko}, with
 * {@code -} read as {@code _} as the kernel names modules. The first file found for a name wins.
 */
public final class ModuleDirectory {
    private final Path dir;
    private final Map<String, Path> files;

    private ModuleDirectory(Path dir, Map<String, Path> files) {
        this.dir = dir;
        this.files = files;
    }

    /** @throws KernelImageException if {@code dir} is not a readable directory */
    public static ModuleDirectory scan(Path dir) throws KernelImageException {
        if (!Files.isDirectory(dir)) {
            throw new KernelImageException("--modules=" + dir + ": not a directory");
        }
        Map<String, Path> files = new HashMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            all.filter(p -> p.getFileName().toString().endsWith(".ko") && Files.isRegularFile(p)).sorted()
                    .forEach(p -> files.putIfAbsent(moduleName(p), p));
        } catch (IOException | UncheckedIOException e) {
            throw new KernelImageException("--modules=" + dir + ": cannot list: " + e.getMessage());
        }
        return new ModuleDirectory(dir, Map.copyOf(files));
    }

    static String moduleName(Path ko) {
        String f = ko.getFileName().toString();
        return f.substring(0, f.length() - ".ko".length()).replace('-', '_');
    }

    /** The file of the named module, or null. */
    public Path file(String module) {
        return files.get(module);
    }

    public Path dir() {
        return dir;
    }
}
