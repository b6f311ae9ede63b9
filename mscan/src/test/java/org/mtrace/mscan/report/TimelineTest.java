package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The timeline's buckets start at the first transfer's entry, not at entry 0 (worked by hand). */
class TimelineTest {

    @Test
    void bucketsStartAtTheFirstTransfer() {
        Timeline t = new Timeline(2);
        t.count(0, 500_000);         // bucket 0: entries 500,000 to 501,023
        t.count(1, 501_023);
        t.count(1, 501_024);         // bucket 1
        t.count(0, 500_000 + 5 * 1024); // bucket 5
        assertEquals(500_000, t.firstEntry());
        assertEquals(1024, t.bucketEntries());
        assertEquals(6, t.usedBuckets());
        assertArrayEquals(new long[] {1, 0, 0, 0, 0, 1}, t.of(0, 6));
        assertArrayEquals(new long[] {1, 1, 0, 0, 0, 0}, t.of(1, 6));
    }

    @Test
    void outgrowingTheBucketsMergesNeighboursFromTheFirstTransfer() {
        Timeline t = new Timeline(1);
        t.count(0, 7);                                   // bucket 0 of 1024 entries from entry 7
        t.count(0, 7 + 1024);                            // bucket 1
        t.count(0, 7 + Timeline.BUCKETS * 1024L);        // past bucket 199: buckets of 2048 entries
        assertEquals(7, t.firstEntry());
        assertEquals(2048, t.bucketEntries());
        long[] row = t.of(0, t.usedBuckets());
        assertEquals(Timeline.BUCKETS / 2 + 1, row.length); // entry 7 + 200 * 1024 is bucket 100 of 2048
        assertEquals(2, row[0]);                            // the first two 1024-entry buckets, merged
        assertEquals(1, row[Timeline.BUCKETS / 2]);
    }

    @Test
    void anEmptyTimelineStartsAtEntryZero() {
        assertEquals(0, new Timeline(1).firstEntry());
    }
}
