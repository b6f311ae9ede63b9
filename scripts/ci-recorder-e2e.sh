#!/usr/bin/env bash
# End-to-end check of the recorder for CI (the lead wires it into .ci/run after
# `mvn package`): installs QEMU 10 + tools when run as root, fetches the Debian
# cloud kernel and its vmlinux (--kernel-series=6.1, the default, or 6.12),
# checks that the hook table finds every hooked kernel function, records
# workloads/createunlink.sh on 4 vCPUs (with the plain-TCG baseline for the
# overhead figure), then checks the log:
#   * heap labels named by real slab caches' types (dentry, inode, file, ...)
#   * system-call fcalls whose entry pc is a real __x64_sys_* handler, page faults of user code
#     as fcalls at exc_page_fault, softirqs at handle_softirqs (as many done as started, but for
#     one per CPU at power-off)
#   * bin/m2text reads the whole log without error
#   * bin/mscan (distinct-sys, false-sharing, shared-addresses) attributes shared
#     lines to kernel struct fields through the vmlinux's DWARF; summary runs cleanly
#   * the physics of the machine (scripts/check-recording.sh, from m2text output and
#     nm alone): CPUs below the CPU count, enable/disable bracketing, no user code inside a
#     kernel entry (system call, page fault, interrupt), per-CPU data
#     reached through %gs on the executing CPU's own copy, line ownership
# and records a workload that does not call mtrace-ctl (init must record it, the same
# physics must hold; bin/mscan report on it must agree with scripts/check-report.py's
# independent recount), and a full-trace (--all, sampled) run where every %gs access of
# every CPU must land on that CPU's own per-CPU copy (and which bin/mtrace-refilter refuses:
# sampled), a short full trace (--all) whose report's byte masks, with the bytes of accesses that
# moved no line, must agree with scripts/check-report.py and whose transfers must equal those of its
# refiltered log (scripts/check-full-trace-report.py), a short run with --calls whose report's call
# stacks must agree with the recount, and the plain workload streamed through a pipe with --scope=user (what the reader
# saw = the bytes written; every access's pc in the user half).
#   scripts/ci-recorder-e2e.sh [--kernel-series=6.1|6.12]
# Exit 0 when all pass; prints "N passed, N failed". Exit 3 (nothing checked) when the
# prerequisites cannot be installed or fetched here (no package registry reachable).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
series=6.1
case "${1:-}" in
  --kernel-series=*) series=${1#*=} ;;
  "") ;;
  *) echo "usage: $0 [--kernel-series=6.1|6.12]" >&2; exit 2 ;;
esac
cache=${MTRACE_DEPS:-${XDG_CACHE_HOME:-$HOME/.cache}/mtrace/deps}
# the plugin needs plugin API 4: QEMU 9.2 or newer
qemu_ok() { qemu-system-x86_64 --version 2>/dev/null | grep -Eq 'version (9\.[2-9]|[1-9][0-9])'; }
if [ "$(id -u)" = 0 ]; then
  if ! qemu_ok; then
    echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/mtrace-backports.list
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports qemu-system-x86 >/dev/null
  fi
  for p in busybox-static gdb zlib1g-dev binutils; do
    dpkg -s $p >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $p >/dev/null
  done
fi
unavailable() { echo "recorder e2e: prerequisites unavailable: $*" >&2; exit 3; }
qemu_ok || unavailable "QEMU >= 9.2 (apt-get install -t bookworm-backports qemu-system-x86)"
paths=$("$root/scripts/fetch-recorder-deps.sh" --kernel-series="$series" "$cache") || unavailable "Debian kernel packages (scripts/fetch-recorder-deps.sh)"
kernel=$(echo "$paths" | sed -n 's/^--kernel \([^ ]*\) --vmlinux .*/\1/p')
vmlinux=$(echo "$paths" | sed -n 's/.*--vmlinux \([^ ]*\)$/\1/p')
work=$(mktemp -d)
# the log is large (~170 MB): removed afterwards unless MTRACE_KEEP_LOG is set
[ -n "${MTRACE_KEEP_LOG:-}" ] || trap 'rm -rf "$work"' EXIT
out=$work/ci.mtrace.gz
smp=4 # vCPUs of every recording here
pass=0 fail=0
check() { # description, command...
  local what=$1; shift
  if "$@"; then pass=$((pass+1)); echo "ok: $what"; else fail=$((fail+1)); echo "FAILED: $what"; fi
}
echo "kernel $series: $kernel"
check "the hook table finds every hooked kernel function" \
  sh -c "'$root/bin/mtrace-hooks' '$vmlinux' > '$work/hooks.txt' && ! grep '^# missing func' '$work/hooks.txt'"
check "mtrace-record createunlink on $smp vCPUs" \
  "$root/bin/mtrace-record" --vmlinux="$vmlinux" --kernel="$kernel" --smp=$smp \
  --workload="$root/workloads/createunlink.sh" -o "$out"
text=$work/ci.txt
check "m2text reads the whole log" sh -c "'$root/bin/m2text' '$out' > '$text'"
check "heap labels named by real slab caches" sh -c "grep -E '^T +\\[ *1 +(dentry|inode|file|task_struct) ' '$text' | head -1 | grep -q ."
check "radix-tree nodes labelled with their DWARF type xa_node" sh -c "! grep -qE '^T +\\[ *1 +radix_tree_node ' '$text'"
# fcalls STATE SYMBOL: how many fcall entries of that state the log has at the kernel SYMBOL's address
fcalls() {
  local pc; pc=$(nm "$vmlinux" | awk -v s="$2" '$3 == s {print $1}')
  if [ -z "$pc" ]; then echo 0; return; fi
  grep -cE "^C .* pc 0*${pc#0000} .*$1" "$text"
}
check "openat system calls as fcall start entries" test "$(fcalls start __x64_sys_openat)" -gt 0
check "page faults of user code as fcall start entries at exc_page_fault" test "$(fcalls start exc_page_fault)" -gt 0
# each started level is done once, except at most one per CPU still running when the guest powered off
softirq_started=$(fcalls start handle_softirqs) softirq_done=$(fcalls done handle_softirqs)
echo "softirq levels: $softirq_started started, $softirq_done done"
check "softirqs as levels of their own at handle_softirqs, each done once but for at most one a CPU at power-off" \
  test "$softirq_started" -gt 0 -a "$softirq_done" -le "$softirq_started" -a "$softirq_started" -le $((softirq_done + smp))
json=$work/ci.json
check "mscan distinct-sys + false-sharing + shared-addresses (original options)" sh -c "'$root/bin/mscan' --kernel='$vmlinux' --mtrace-log-file='$out' --distinct-sys --false-sharing --shared-addresses > '$json'"
check "distinct-sys lists __x64_sys_ entries" grep -q '__x64_sys_' "$json"
check "shared lines attributed to kernel struct fields" grep -Eq '"address": "\(\*\((dentry|inode|file|task_struct)\)0x[0-9a-f]+\)\.[a-z_]' "$json"
check "the log obeys the machine's physics (scripts/check-recording.sh)" "$root/scripts/check-recording.sh" "$out" "$vmlinux"
check "mscan summary runs cleanly" sh -c "'$root/bin/mscan' --quiet summary '$out' > '$work/summary.json' 2> '$work/summary.err' && grep -q total-instructions '$work/summary.json'"
plain=$work/plain.sh
printf '%s\n' 'i=0' 'while [ $i -lt 20 ]; do echo $i > /tmp/p$i; mv /tmp/p$i /tmp/q$i; rm /tmp/q$i; i=$((i+1)); done' > "$plain"
check "a workload without mtrace-ctl is recorded (init switches movement mode on and off)" \
  sh -c "'$root/bin/mtrace-record' --vmlinux='$vmlinux' --kernel='$kernel' --smp=$smp --no-baseline --quiet \
    --workload='$plain' -o '$work/plain.mtrace.gz' && '$root/bin/m2text' '$work/plain.mtrace.gz' > '$work/plain.txt' &&
    grep -q '^E .*mode movement  plain' '$work/plain.txt' && grep -Eq '^(ld|st) ' '$work/plain.txt'"
check "the plain workload's log obeys the machine's physics" "$root/scripts/check-recording.sh" "$work/plain.mtrace.gz" "$vmlinux"
# the contention report against an independent recount from m2text text (docs/report.md); on the plain
# workload's log, which keeps the recount (Python, one line at a time) to a few seconds
check "mscan report agrees with scripts/check-report.py (transfers, ranked lines, verdicts, label-named types, variables, functions, statics, system calls)" \
  sh -c "'$root/bin/mscan' report --quiet --kernel='$vmlinux' --json='$work/report.json' '$work/plain.mtrace.gz' > '$work/report.txt' &&
    python3 '$root/scripts/check-report.py' '$work/plain.mtrace.gz' '$work/report.json' '$vmlinux'"
# the system-call filters, with the plain log's busiest system call: only it, then all but it
check "mscan report --syscall and --exclude-syscall agree with scripts/check-report.py (the busiest system call)" \
  sh -c "top=\$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[\"syscalls\"][0][\"syscall\"])' '$work/report.json') &&
    '$root/bin/mscan' report --quiet --kernel='$vmlinux' --syscall=\$top --json='$work/only.json' '$work/plain.mtrace.gz' > /dev/null &&
    python3 '$root/scripts/check-report.py' '$work/plain.mtrace.gz' '$work/only.json' '$vmlinux' &&
    '$root/bin/mscan' report --quiet --kernel='$vmlinux' --exclude-syscall=\$top --json='$work/but.json' '$work/plain.mtrace.gz' > /dev/null &&
    python3 '$root/scripts/check-report.py' '$work/plain.mtrace.gz' '$work/but.json' '$vmlinux'"
short=$work/short.sh
printf '%s\n' 'i=0' 'while [ $i -lt 3 ]; do echo $i > /tmp/p$i; mv /tmp/p$i /tmp/q$i; rm /tmp/q$i; i=$((i+1)); done' > "$short"
# call stacks (--calls): the script's own mtrace-ctl on switches call tracing on with recording, and the
# report's code sites list the stacks they moved their lines under, which the recount follows from the
# call and ret entries
ctl=$work/ctl.sh
{ echo 'mtrace-ctl on files'; cat "$short"; echo 'mtrace-ctl off files'; } > "$ctl"
check "mtrace-record --calls: call entries from a script's mtrace-ctl on; mscan report's call stacks agree with scripts/check-report.py" \
  sh -c "'$root/bin/mtrace-record' --vmlinux='$vmlinux' --kernel='$kernel' --smp=$smp --no-baseline --quiet --calls \
    --workload='$ctl' -o '$work/calls.mtrace.gz' && '$root/bin/m2text' -q '$work/calls.mtrace.gz' | grep -qE '^L +\\[ *[0-9]+ +call ' &&
    '$root/bin/mscan' report --quiet --kernel='$vmlinux' --json='$work/calls.json' '$work/calls.mtrace.gz' > '$work/calls.txt' &&
    grep -q 'called from' '$work/calls.txt' &&
    python3 '$root/scripts/check-report.py' '$work/calls.mtrace.gz' '$work/calls.json' '$vmlinux' | grep -E 'call stacks of [1-9]'"
check "the --calls log obeys the machine's physics, its calls and returns balanced in their stacks" \
  "$root/scripts/check-recording.sh" "$work/calls.mtrace.gz" "$vmlinux"
check "full trace (--all, 1 access in 7): every CPU's %gs accesses on its own per-CPU copy" \
  sh -c "'$root/bin/mtrace-record' --vmlinux='$vmlinux' --kernel='$kernel' --smp=$smp --no-baseline --quiet --all --sample=7 \
    --env ITER=10 --workload='$root/workloads/createunlink.sh' -o '$work/all.mtrace.gz' &&
    '$root/scripts/check-recording.sh' --all '$work/all.mtrace.gz' '$vmlinux'"
# every access logged: the report's verdicts see the bytes of accesses that moved no line too (a CPU's
# stores to a line it holds alone), which the recount must find in the masks, and nothing is missing
check "full trace (--all): mscan report's masks and verdicts agree with scripts/check-report.py, and no store is missing" \
  sh -c "'$root/bin/mtrace-record' --vmlinux='$vmlinux' --kernel='$kernel' --smp=$smp --no-baseline --quiet --all \
    --workload='$short' -o '$work/every.mtrace.gz' &&
    '$root/bin/mscan' report --quiet --kernel='$vmlinux' --json='$work/every.json' '$work/every.mtrace.gz' > '$work/every.txt' &&
    ! grep -q 'held alone' '$work/every.txt' && python3 '$root/scripts/check-report.py' '$work/every.mtrace.gz' '$work/every.json' '$vmlinux'"
check "the full trace refiltered (mtrace-refilter): the same transfers and ranked lines, masks that the full trace's hold" \
  sh -c "'$root/bin/mtrace-refilter' -q -o '$work/every.ref.gz' '$work/every.mtrace.gz' &&
    '$root/bin/mscan' report --quiet --kernel='$vmlinux' --json='$work/every.ref.json' '$work/every.ref.gz' > /dev/null &&
    python3 '$root/scripts/check-full-trace-report.py' '$work/every.json' '$work/every.ref.json'"
check "mtrace-refilter refuses the sampled trace (exit 2, the machine entry named)" \
  sh -c "'$root/bin/mtrace-refilter' '$work/all.mtrace.gz' -o '$work/all.ref.gz' 2> '$work/ref.err'; test \$? = 2 &&
    grep -q 'entry 0 at byte offset 0: the log was sampled (1 of 7)' '$work/ref.err'"
# live analysis: the plain workload streamed through a pipe, user accesses only (docs/recorder.md)
check "mtrace-record --scope=user -o - | m2text -: the reader sees exactly the bytes written" \
  bash -c "set -o pipefail; '$root/bin/mtrace-record' --vmlinux='$vmlinux' --kernel='$kernel' --smp=$smp --no-baseline --quiet \
    --scope=user --workload='$plain' -o - 2> '$work/pipe.err' | tee '$work/pipe.mtrace.gz' | '$root/bin/m2text' -q - > '$work/pipe.reader.txt' &&
    '$root/bin/m2text' -q '$work/pipe.mtrace.gz' | cmp -s - '$work/pipe.reader.txt' && grep -q 'back-pressure' '$work/pipe.err'"
check "the piped user-scope log: user-half pcs only, and the machine's physics" \
  "$root/scripts/check-recording.sh" --scope=user "$work/pipe.mtrace.gz" "$vmlinux"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
