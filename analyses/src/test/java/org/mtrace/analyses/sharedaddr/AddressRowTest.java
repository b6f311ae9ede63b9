package org.mtrace.analyses.sharedaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AddressRowTest {
    /** Past eight PCs the row switches to an index; counts and unsigned PC order are unchanged. */
    @Test
    void manyPcsCountedAndSortedUnsigned() {
        AddressRow row = new AddressRow(0x1000, 0, "", 0, 0, 0);
        for (int round = 1; round <= 3; round++) {
            for (long pc = 20; pc >= 1; pc--) {
                row.count(pc == 20 ? -1L : pc, (int) (pc % 3));
            }
        }
        row.count(5, 7);
        long[] expected = new long[20];
        for (int i = 0; i < 19; i++) {
            expected[i] = i + 1;
        }
        expected[19] = -1L; // 0xffffffffffffffff sorts last
        assertArrayEquals(expected, row.sortedPcs());
        assertEquals(4, row.countOf(5));
        assertEquals(3, row.countOf(-1L));
        assertArrayEquals(new long[] {18, 21, 21, 0, 0, 0, 0, 1}, row.perCpu());
    }
}
