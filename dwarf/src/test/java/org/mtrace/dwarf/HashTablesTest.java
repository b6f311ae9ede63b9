package org.mtrace.dwarf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bucket type of a table {@code alloc_large_system_hash} allocates, from the global its caller
 * keeps it in ({@code alloc.HashTables}, through {@link DebugInfo#hashTableBucket}), on a gcc fixture
 * built as a position-independent program (the name loaded with {@code lea rel32(%rip),%rdi}) and as
 * a fixed one ({@code mov $imm32,%edi}): the types are the source's; a table kept nowhere and an
 * unknown name say nothing.
 */
class HashTablesTest {
    @ParameterizedTest
    @ValueSource(strings = {"-fPIE", "-fno-pie"})
    void aTableIsAnArrayOfTheTypeItsGlobalPointsTo(String model) {
        Path bin = Fixtures.build("hashtables.c", "gcc", "-g", "-O2", model, model.equals("-fPIE") ? "-pie" : "-no-pie");
        DebugInfo d = DebugInfo.open(bin, null);
        assertEquals("struct bucket", d.hashTableBucket("My table"));
        assertEquals("struct bucket2", d.hashTableBucket("Other table"), "a struct's member at offset 8");
        assertNull(d.hashTableBucket("Lost table"), "its result is not stored");
        assertNull(d.hashTableBucket("No table"));
    }
}
