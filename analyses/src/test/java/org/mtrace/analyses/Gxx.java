package org.mtrace.analyses;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles a C++ program with the system's g++ at test time and runs it, so tests can compare
 * emulations of libstdc++ behaviour with the real library. Tests are skipped without g++.
 */
public final class Gxx {
    private final Path binary;

    private Gxx(Path binary) {
        this.binary = binary;
    }

    public static Gxx compile(Path dir, String name, String source) throws IOException, InterruptedException {
        Path src = dir.resolve(name + ".cc");
        Path bin = dir.resolve(name);
        Files.writeString(src, source);
        Process p;
        try {
            p = new ProcessBuilder("g++", "-O1", "-std=c++11", "-w", "-o", bin.toString(), src.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "g++ not available: " + e.getMessage());
            throw e;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "g++ failed: " + log);
        return new Gxx(bin);
    }

    /** Runs the program with {@code input} on stdin; returns its stdout lines. */
    public List<String> run(String input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary.toString()).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("program failed: " + binary);
        }
        return out.lines().toList();
    }
}
