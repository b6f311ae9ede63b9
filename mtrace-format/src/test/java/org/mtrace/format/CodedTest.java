package org.mtrace.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every enumeration against the number/word table of FORMAT.md §4 (written out by hand). */
class CodedTest {

    private static void check(Coded[] values, Map<Integer, String> spec, java.util.function.LongFunction<Coded> ofCode) {
        assertEquals(spec.size(), values.length);
        for (Map.Entry<Integer, String> e : spec.entrySet()) {
            Coded c = ofCode.apply(e.getKey());
            assertEquals(e.getValue(), c.spelling());
            assertEquals((int) e.getKey(), c.code());
        }
        int min = spec.keySet().stream().min(Integer::compare).orElseThrow();
        int max = spec.keySet().stream().max(Integer::compare).orElseThrow();
        assertNull(ofCode.apply(min - 1));
        assertNull(ofCode.apply(max + 1));
        assertNull(ofCode.apply(Long.MIN_VALUE));
        assertNull(ofCode.apply(Long.MAX_VALUE));
    }

    private static Map<Integer, String> table(Object... pairs) {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Integer) pairs[i], (String) pairs[i + 1]);
        }
        return m;
    }

    @Test
    void enumerationsMatchTheSpec() {
        check(LabelType.values(), table(1, "heap", 2, "block", 3, "static", 4, "percpu"), LabelType::ofCode);
        check(AccessType.values(), table(1, "ld", 2, "st", 3, "iw"), AccessType::ofCode);
        check(HostType.values(), table(1, "access_all_cpu", 2, "call_clear_cpu", 3, "call_set_cpu",
                4, "disable_count_cpu", 5, "enable_count_cpu"), HostType::ofCode);
        check(RecordMode.values(), table(0, "disable", 1, "movement", 2, "ascope", 3, "kernelscope"),
                RecordMode::ofCode);
        check(FcallState.values(), table(1, "start", 2, "done", 3, "done_value", 4, "resume", 5, "pause"),
                FcallState::ofCode);
        check(LockOp.values(), table(1, "acquire", 2, "acquired", 3, "release"), LockOp::ofCode);
        check(TaskType.values(), table(1, "init", 2, "update", 3, "exit"), TaskType::ofCode);
    }
}
