package org.mtrace.m2text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void drawsOneLineAndErasesIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress p = new Progress(err, "x.log", 1000, 0);
        p.update(5, 500, 1 << 20);
        p.update(9, 0, 3 << 20); // no file position yet: decoded amount instead
        p.finish();
        assertEquals("\rm2text: 5 entries, 50% of x.log\u001b[K"
                + "\rm2text: 9 entries, 3 MiB decoded from x.log\u001b[K"
                + "\r\u001b[K", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void silentWithinTheIntervalAndWhenNotWanted() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Progress p = new Progress(err, "x.log", 1000, 3_600_000_000_000L);
        p.update(5, 500, 0);
        p.finish();
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
        assertNull(Progress.create(false, err, "x.log", null));
    }
}
