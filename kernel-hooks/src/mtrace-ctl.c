/*
 * mtrace-ctl: control the mtrace recorder from guest shell scripts.
 *
 *   mtrace-ctl on NAME [movement|ascope|kernelscope]   start recording phase NAME
 *   mtrace-ctl off [NAME]                              stop recording
 *   mtrace-ctl ops N                                   report N application operations
 *
 * Built static so it runs in a busybox initramfs.  Outside the recorder the
 * hypercall is a no-op, so scripts behave the same without it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mtrace-magic.h"

static int usage(FILE *out, int rc)
{
    fprintf(out, "usage: mtrace-ctl on NAME [movement|ascope|kernelscope]\n"
                 "       mtrace-ctl off [NAME]\n"
                 "       mtrace-ctl ops N\n");
    return rc;
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
        int mode = argc == 4 ? parse_mode(argv[3]) : mtrace_record_movement;
        if (mode < 0) {
            fprintf(stderr, "mtrace-ctl: unknown mode '%s'\n", argv[3]);
            return 2;
        }
        mtrace_enable_set((enum mtrace_record_mode_t)mode, argv[2]);
        return 0;
    }
    if (strcmp(cmd, "off") == 0 && argc <= 3) {
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
    return usage(stderr, 2);
}
