/*
 * Guest test program for ascope mode: records only inside an abstract scope.
 * Writes 64 distinct cache lines outside any scope, then 32 inside one, then
 * 16 outside again; with mode ascope only the 32 in-scope stores (and the
 * scope's own instructions' accesses) may be logged.
 */
#include "mtrace-magic.h"

static volatile char buf[4096 * 4] __attribute__((aligned(64)));

static void touch(int first_line, int lines)
{
    for (int i = 0; i < lines; i++)
        buf[(first_line + i) * 64] = (char)i;
}

int main(void)
{
    mtrace_enable_set(mtrace_record_ascope, "ascope-test");
    touch(0, 64);
    mtrace_fcall_register(1234, 0x1000, 4242, 0, mtrace_start);
    mtrace_ascope_register(0, "inside");
    touch(64, 32);
    mtrace_ascope_register(1, "inside");
    touch(96, 16);
    mtrace_fcall_register(1234, 0x1000, 4242, 0, mtrace_done);
    mtrace_enable_set(mtrace_record_disable, "");
    return 0;
}
