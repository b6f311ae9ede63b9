package org.mtrace.analyses;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests over {@link Scenarios#basic}, written fresh into a temporary directory per test. */
abstract class BasicScenarioTest {
    @TempDir
    Path dir;
    Path log;

    @BeforeEach
    void writeBasicLog() throws Exception {
        log = dir.resolve("basic.log.gz");
        Scenarios.basic(log);
    }
}
