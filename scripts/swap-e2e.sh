#!/usr/bin/env bash
# Opt-in end-to-end test of page-fault and swap recording (docs/recorder.md "Page faults and swap");
# run it by hand after `mvn package`:
#   scripts/swap-e2e.sh --kernel=VMLINUZ --vmlinux=VMLINUX [--mb=N] [--limit=SIZE] [--passes=N] [-o LOG]
#   scripts/swap-e2e.sh --vmlinux=VMLINUX --log=LOG   (only the checks, on an earlier run's LOG and LOG.console.txt)
# Records workloads/swap.sh (zram swap, memory cgroup, workloads/swaptouch.c) on 2 vCPUs; the
# kernel's zram, zsmalloc and compressor modules come from the kernel image's lib/modules
# (VMLINUZ's ../lib/modules/*/kernel; .ko.xz are decompressed).  Checks:
#   * the workload ran (swaptouch verified its data) and the guest swapped (vmstat pswpout > 0)
#   * the log's swap-out and swap-read events equal /proc/vmstat's pswpout and pswpin deltas
#     around the recorded part, its major faults pgmajfault
#   * the log's faults (not retried) are pgfault's delta less at most --slack (default 400): the
#     delta also counts the faults of mtrace-ctl before it switches recording on and after off
#   * every page read from swap has the contents (FNV-1a hash) of a page written to swap before
#   * scripts/check-recording.sh passes (cpus, bracket, percpu, movement)
# Prints the figures and "N passed, N failed"; exit 0 when all pass.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kernel= vmlinux= mb=24 limit=12M passes=2 out= slack=400 reuse=
usage() { echo "usage: $0 --kernel=VMLINUZ --vmlinux=VMLINUX [--mb=N] [--limit=SIZE] [--passes=N] [--slack=N] [-o LOG] | --vmlinux=VMLINUX --log=LOG" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --kernel=*) kernel=${1#*=} ;;
    --vmlinux=*) vmlinux=${1#*=} ;;
    --mb=*) mb=${1#*=} ;;
    --limit=*) limit=${1#*=} ;;
    --passes=*) passes=${1#*=} ;;
    --slack=*) slack=${1#*=} ;;
    --log=*) reuse=${1#*=} ;;
    -o) shift; out=${1:-} ;;
    *) usage ;;
  esac
  shift
done
[ -r "$vmlinux" ] && { [ -r "$kernel" ] || [ -r "$reuse" ]; } || usage
work=$(mktemp -d)
[ -n "${MTRACE_KEEP_LOG:-}" ] || trap 'rm -rf "$work"' EXIT
pass=0 fail=0
check() { local what=$1; shift; if "$@"; then pass=$((pass+1)); echo "ok: $what"; else fail=$((fail+1)); echo "FAILED: $what"; fi; }
if [ -n "$reuse" ]; then
  out=$reuse
else
[ -n "$out" ] || out=$work/swap.mtrace.gz
command -v gcc >/dev/null || { echo "swap-e2e: gcc not found" >&2; exit 2; }
gcc -O2 -static -o "$work/swaptouch" "$root/workloads/swaptouch.c" || exit 2
mods=$(ls -d "$(dirname "$kernel")"/../lib/modules/*/kernel 2>/dev/null | head -1)
[ -d "$mods" ] || { echo "swap-e2e: no lib/modules/*/kernel next to $kernel" >&2; exit 2; }
add=(--add="$work/swaptouch")
for m in mm/zsmalloc crypto/lzo-rle lib/lz4/lz4_compress lib/lz4/lz4hc_compress drivers/block/zram/zram; do
  name=$(basename "$m")
  if [ -f "$mods/$m.ko" ]; then cp "$mods/$m.ko" "$work/$name.ko"
  elif [ -f "$mods/$m.ko.xz" ]; then xz -dc "$mods/$m.ko.xz" > "$work/$name.ko"
  else continue; fi
  add+=(--add="$work/$name.ko")
done
t0=$(date +%s.%N)
"$root/bin/mtrace-record" --kernel="$kernel" --vmlinux="$vmlinux" --smp=2 --memory=256M --no-baseline \
  --workload="$root/workloads/swap.sh" --env=MB="$mb" --env=LIMIT="$limit" --env=PASSES="$passes" \
  "${add[@]}" -o "$out" > "$work/record.txt" 2>&1
rc=$?
echo "recording: exit $rc, $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN{printf "%.1f", a-b}') s wall; $(grep -E 'QEMU CPU' "$work/record.txt")"
echo "log: $out ($(stat -c %s "$out" 2>/dev/null) bytes)"
check "mtrace-record exits 0" test "$rc" = 0
fi
console="$out.console.txt"
check "swaptouch read back every page it wrote" grep -q "^swaptouch: .* ok" "$console"
delta() { tr -d '\r' < "$console" | awk -v k="$1" '$1=="vmstat-delta" && $2==k {print $3}'; }
"$root/bin/mscan" -q page-faults --csv="$work/faults.csv" "$out" > "$work/faults.json" 2> "$work/mscan.err"
check "bin/mscan page-faults exits 0" test $? = 0
logged() { sed -n "/\"vmstat\"/,/}/s/.*\"$1\": \([0-9]*\).*/\1/p" "$work/faults.json"; }
for k in pgfault pgmajfault pswpin pswpout; do echo "$k: vmstat delta $(delta $k), log $(logged $k)"; done
echo "csv rows: $(($(wc -l < "$work/faults.csv") - 1))"
check "the guest swapped (pswpout $(delta pswpout) > 0)" test "$(delta pswpout)" -gt 0
check "swap-out events = pswpout" test "$(logged pswpout)" = "$(delta pswpout)"
check "swap-read events = pswpin" test "$(logged pswpin)" = "$(delta pswpin)"
check "major faults = pgmajfault" test "$(logged pgmajfault)" = "$(delta pgmajfault)"
d=$(( $(delta pgfault) - $(logged pgfault) ))
check "faults not retried = pgfault less $d (0 <= $d <= $slack)" test "$d" -ge 0 -a "$d" -le "$slack"
hashes=$("$root/bin/m2text" -q --type=sched "$out" | awk '$1=="pf" && $3=="swap-out" {for (i=1;i<=NF;i++) if ($i=="hash") out[$(i+1)]=1}
  $1=="pf" && $3=="swap-read" {for (i=1;i<=NF;i++) if ($i=="hash") {n++; if (!($(i+1) in out)) bad++}} END {print n+0, bad+0}')
echo "swap reads / without an earlier swap-out of the same contents: $hashes"
check "every page read from swap holds contents written to swap before" test "${hashes#* }" = 0
"$root/scripts/check-recording.sh" "$out" "$vmlinux" > "$work/check.txt" 2>&1
check "check-recording.sh passes: $(tail -1 "$work/check.txt")" test $? = 0
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
