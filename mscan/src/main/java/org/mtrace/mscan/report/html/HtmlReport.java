package org.mtrace.mscan.report.html;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the contention report's self-contained HTML page: the template {@code report.html} with
 * {@code report.css} and {@code report.js} inlined and the report's JSON document (schema in
 * docs/report.md) embedded as a data block, so the page opens offline and renders every table and
 * plot from the same document as the text and CSV outputs.
 */
public final class HtmlReport {
    private static final String STYLE = "/*@STYLE@*/";
    private static final String SCRIPT = "/*@SCRIPT@*/";
    private static final String DATA = "@DATA@";

    private HtmlReport() {}

    /**
     * Writes the page for {@code reportJson} (a report document, schema version 1) to {@code out}.
     *
     * @throws IllegalArgumentException when {@code reportJson} is not a JSON object
     */
    public static void write(String reportJson, Path out) throws IOException {
        if (!reportJson.stripLeading().startsWith("{")) {
            throw new IllegalArgumentException("report document is not a JSON object");
        }
        String template = resource("report.html");
        int style = indexOf(template, STYLE);
        int script = indexOf(template, SCRIPT);
        int data = indexOf(template, DATA);
        if (!(style < data && data < script)) {
            throw new IllegalStateException("report.html: markers out of order");
        }
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            w.write(template, 0, style);
            w.write(resource("report.css"));
            w.write(template, style + STYLE.length(), data - style - STYLE.length());
            w.write(ScriptData.escape(reportJson));
            w.write(template, data + DATA.length(), script - data - DATA.length());
            w.write(resource("report.js"));
            w.write(template, script + SCRIPT.length(), template.length() - script - SCRIPT.length());
        }
    }

    private static int indexOf(String template, String marker) {
        int i = template.indexOf(marker);
        if (i < 0) {
            throw new IllegalStateException("report.html: marker " + marker + " missing");
        }
        return i;
    }

    /** A page part shipped in this package's resources (they are part of the build, so never absent). */
    static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
