/*
 * Guest test program: sends one entry of every guest-originated type through
 * mtrace-magic.h with known field values, plus two malformed hypercalls the
 * recorder must drop.  RecorderBootTest checks what reaches the log.
 */
#include "mtrace-magic.h"

int main(void)
{
    static char obj[128];
    mtrace_label_register(mtrace_label_heap, obj, sizeof obj, "testobj", 0x401000);
    mtrace_segment_register(0x7000, 0x8000, 3);
    mtrace_lock_register(0x402000, (void *)0x9000, "testlock", mtrace_lockop_acquired, 1);
    mtrace_task_register(77, 78, mtrace_task_update, "tasky");
    mtrace_sched_record(77);
    mtrace_appdata_register(9, 12345);
    mtrace_fcall_register(77, 0x1000, 555, 2, mtrace_start);
    mtrace_ascope_register(0, "scope1");
    mtrace_avar_register(1, "var1");
    mtrace_ascope_register(1, "scope1");
    mtrace_fcall_register(77, 0x1000, 555, 2, mtrace_done);
    mtrace_gc_register((void *)0x5000, 64, "gcobj", 1);
    mtrace_gcepoch_register(1);
    mtrace_host_call(mtrace_call_set_cpu, ~0ULL);
    /* Must be dropped: an emulator-only type, and an oversized entry. */
    char junk[200] = { 0 };
    mtrace_entry_register(junk, mtrace_entry_access, 54);
    mtrace_entry_register(junk, mtrace_entry_label, sizeof junk);
    mtrace_label_remove(mtrace_label_heap, obj);
    return 0;
}
