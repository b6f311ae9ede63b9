/*
 * mtrace-ctl: control the mtrace recorder from guest shell scripts.
 *
 *   mtrace-ctl on NAME [movement|ascope|kernelscope]   start recording phase NAME
 *                        (no mode: $MTRACE_MODE, which mtrace-record's --mode sets, else movement)
 *   mtrace-ctl off [NAME]                              stop recording
 *   mtrace-ctl ops N                                   report N application operations
 *   mtrace-ctl calls on|off                            call/ret tracing on every CPU (needs calls=on)
 *
 * With MTRACE_CALLS=1 in the environment (mtrace-record --calls sets it), on and off
 * also switch call/ret tracing on every CPU, after recording is on and before it is off
 * (the switch takes the record mode of its moment).
 *
 * Built static so it runs in a busybox initramfs.  Outside the recorder the
 * hypercall is a no-op, so scripts behave the same without it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mtrace-magic.h"

static int usage(FILE *out, int rc)
{
    fprintf(out, "usage: mtrace-ctl on NAME [movement|ascope|kernelscope]  (default: $MTRACE_MODE or movement)\n"
                 "       mtrace-ctl off [NAME]\n"
                 "       mtrace-ctl ops N\n"
                 "       mtrace-ctl calls on|off\n"
                 "(with MTRACE_CALLS=1, as mtrace-record --calls sets it, on and off also switch calls)\n");
    return rc;
}

/* call/ret tracing on or off on every CPU: the switch is per CPU, so each is named (all-ones would mean only this one) */
static void switch_calls(int on)
{
    long n = sysconf(_SC_NPROCESSORS_CONF);
    for (long c = 0; c < n; c++)
        mtrace_host_call(on ? mtrace_call_set_cpu : mtrace_call_clear_cpu, (uint64_t)c);
}

/* Whether on and off switch call tracing too (mtrace-record --calls). */
static int calls_with_recording(void)
{
    const char *v = getenv("MTRACE_CALLS");
    return v && strcmp(v, "1") == 0;
}

static int parse_mode(const char *s)
{
    if (strcmp(s, "movement") == 0) return mtrace_record_movement;
    if (strcmp(s, "ascope") == 0) return mtrace_record_ascope;
    if (strcmp(s, "kernelscope") == 0) return mtrace_record_kernelscope;
    return -1;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage(stderr, 2);
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
        return usage(stdout, 0);
    if (strcmp(cmd, "on") == 0 && (argc == 3 || argc == 4)) {
        const char *name = argc == 4 ? argv[3] : getenv("MTRACE_MODE");
        int mode = name && *name ? parse_mode(name) : mtrace_record_movement;
        if (mode < 0) {
            fprintf(stderr, "mtrace-ctl: unknown mode '%s'%s\n", name, argc == 4 ? "" : " (from MTRACE_MODE)");
            return 2;
        }
        mtrace_enable_set((enum mtrace_record_mode_t)mode, argv[2]);
        if (calls_with_recording())
            switch_calls(1);
        return 0;
    }
    if (strcmp(cmd, "off") == 0 && argc <= 3) {
        if (calls_with_recording())
            switch_calls(0);
        mtrace_enable_set(mtrace_record_disable, argc == 3 ? argv[2] : "");
        return 0;
    }
    if (strcmp(cmd, "ops") == 0 && argc == 3) {
        char *end;
        unsigned long long n = strtoull(argv[2], &end, 0);
        if (*argv[2] == 0 || *end) {
            fprintf(stderr, "mtrace-ctl: ops needs a number, got '%s'\n", argv[2]);
            return 2;
        }
        mtrace_appdata_register(0, n);
        return 0;
    }
    if (strcmp(cmd, "calls") == 0 && argc == 3 && (strcmp(argv[2], "on") == 0 || strcmp(argv[2], "off") == 0)) {
        switch_calls(argv[2][1] == 'n');
        return 0;
    }
    return usage(stderr, 2);
}
