package org.mtrace.format.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WorkerPoolTest {
    /** A worker that throws on odd items, the way a bug would. */
    private static final class Flaky implements WorkerPool.Worker<DeflateBatch> {
        @Override
        public void process(DeflateBatch b) {
            if (b.members % 2 == 1) {
                throw new IllegalStateException("bug on item " + b.members);
            }
            b.encodedLength = 42;
            b.markReady();
        }

        @Override
        public void end() {
        }
    }

    @Test
    @Timeout(10)
    void aThrowingWorkerFailsOnlyItsItemAndKeepsServing() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        WorkerPool<DeflateBatch> pool = new WorkerPool<>(1, "test", Flaky::new);
        try {
            DeflateBatch[] items = new DeflateBatch[4];
            for (int i = 0; i < items.length; i++) {
                items[i] = new DeflateBatch();
                items[i].members = i;
                pool.submit(items[i]);
            }
            for (DeflateBatch b : items) {
                b.awaitReady(); // would hang if the throw killed the thread or skipped markReady
            }
            assertNull(items[0].failure);
            assertEquals(42, items[2].encodedLength);
            assertTrue(items[1].failure instanceof IllegalStateException);
            assertSame(IllegalStateException.class, items[3].failure.getClass());
            assertEquals(0, items[1].encodedLength);
        } finally {
            pool.shutdown();
            System.setErr(err);
        }
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "no stack trace from the worker thread");
    }
}
