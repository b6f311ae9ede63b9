#!/usr/bin/env bash
# Opt-in end-to-end test of live analysis and offline refiltering (docs/recorder.md,
# "Live analysis" and "Record once, filter many times"); run it by hand after `mvn package`:
#   scripts/live-refilter-e2e.sh --kernel=VMLINUZ --vmlinux=VMLINUX [--iter=N]
# Three small recordings of workloads/createunlink.sh on 4 vCPUs (--iter, default 20 files per
# CPU; the full trace uses a quarter of it), each checked:
#   pipe + user scope, read by a reader that starts 15 s late:
#     * bin/mtrace-record exits 0 and reports back-pressure (the guest was held back > 1 s)
#     * what the reader saw (bin/m2text - at the end of the pipe) equals bin/m2text of the
#       same bytes teed to a file, and `cat LOG | bin/m2text -` equals `bin/m2text LOG`
#     * nothing was lost: the reader's access lines = the recorder's access entry count
#     * check-recording.sh --scope=user: every access's pc is in the user half (and the
#       usual cpu / bracket / movement physics)
#   pipe + kernel scope, analysed live by bin/mscan (distinct-sys, false-sharing, summary):
#     * the JSON equals bin/mscan's analysis of the same bytes teed to a file (when bin/mscan
#       reads standard input; otherwise a note)
#     * check-recording.sh --scope=kernel (kernel-half pcs, per-CPU physics)
#   full trace (--all) to a file, then bin/mtrace-refilter:
#     * --line-size=64: the accesses kept are exactly those the plugin's own movement filter
#       (recorder/build/movement-decide, src/movement.c) calls traffic on the trace's access
#       stream, and the refiltered log passes check-recording.sh's movement rule
#     * --line-size=64 and --line-size=128 describe the same execution: every entry other
#       than an access is identical to the full trace's in both outputs
# Prints "N passed, N failed"; exit 0 when all pass.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
kernel= vmlinux= iter=20
for a in "$@"; do
  case "$a" in
    --kernel=*) kernel=${a#*=} ;;
    --vmlinux=*) vmlinux=${a#*=} ;;
    --iter=*) iter=${a#*=} ;;
    *) echo "usage: $0 --kernel=VMLINUZ --vmlinux=VMLINUX [--iter=N]" >&2; exit 2 ;;
  esac
done
[ -r "$kernel" ] && [ -r "$vmlinux" ] || { echo "usage: $0 --kernel=VMLINUZ --vmlinux=VMLINUX [--iter=N]" >&2; exit 2; }
make -s -C "$root/recorder" >/dev/null || exit 2
work=$(mktemp -d)
[ -n "${MTRACE_KEEP_LOG:-}" ] || trap 'rm -rf "$work"' EXIT
pass=0 fail=0
check() { local what=$1; shift; if "$@"; then pass=$((pass+1)); echo "ok: $what"; else fail=$((fail+1)); echo "FAILED: $what"; fi; }
rec=("$root/bin/mtrace-record" --kernel="$kernel" --vmlinux="$vmlinux" --smp=4 --no-baseline
     --workload="$root/workloads/createunlink.sh")
m2t="$root/bin/m2text"

# ---- 1. pipe, user scope, late reader --------------------------------------------------
t0=$(date +%s.%N)
"${rec[@]}" --env=ITER="$iter" --scope=user -o - 2> "$work/user.err" |
  tee "$work/user.log" | { sleep 15; "$m2t" -q -; } > "$work/user.reader.txt"
st=("${PIPESTATUS[@]}")
echo "pipe + user scope + late reader: $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN{printf "%.1f", a-b}') s wall; $(grep -E 'back-pressure|QEMU CPU' "$work/user.err" | tr '\n' ' ')"
check "mtrace-record -o - | late reader: every stage exits 0 (${st[*]})" test "${st[*]}" = "0 0 0"
stall=$(sed -n 's/.*guest held back (back-pressure) \([0-9.]*\) s.*/\1/p' "$work/user.err")
# (the reader is late by 15 s from the pipeline's start; how much of that falls after the log's
# first megabyte depends on how long the front end and the boot take: 12.5 s on 6.1, 2.3 s on 6.12)
check "the late reader held the guest back (back-pressure ${stall:-?} s > 1 s)" \
  awk -v s="${stall:-0}" 'BEGIN{exit !(s > 1)}'
"$m2t" -q "$work/user.log" > "$work/user.file.txt"
check "the reader saw exactly the bytes the recorder wrote (m2text - = m2text of the teed file)" \
  cmp -s "$work/user.reader.txt" "$work/user.file.txt"
check "cat LOG | m2text - equals m2text LOG" sh -c "cat '$work/user.log' | '$m2t' -q - | cmp -s - '$work/user.file.txt'"
logged=$(awk '$1=="access"{print $2}' "$work/user.err")
seen=$(grep -Ec '^(ld|st) ' "$work/user.reader.txt")
check "the reader got every access entry the recorder logged ($seen of ${logged:-?})" test "$seen" = "${logged:-x}"
check "user scope: every access's pc in the user half; cpu/bracket/movement physics" \
  "$root/scripts/check-recording.sh" --scope=user "$work/user.log" "$vmlinux"

# ---- 2. pipe, kernel scope, analysed live by mscan ----------------------------------------
mscan_args=(--quiet --kernel="$vmlinux" distinct-sys false-sharing summary)
if "$root/bin/mscan" --quiet summary - < /dev/null 2>&1 | grep -q 'cannot open log: no such file'; then
  echo "note: bin/mscan does not read standard input here: the kernel-scope log goes to a file"
  "${rec[@]}" --env=ITER="$iter" --scope=kernel --quiet -o - 2> "$work/kernel.err" > "$work/kernel.log"
else
  "${rec[@]}" --env=ITER="$iter" --scope=kernel --quiet -o - 2> "$work/kernel.err" |
    tee "$work/kernel.log" | "$root/bin/mscan" "${mscan_args[@]}" - > "$work/kernel.pipe.json"
  st=("${PIPESTATUS[@]}")
  "$root/bin/mscan" "${mscan_args[@]}" "$work/kernel.log" > "$work/kernel.file.json"
  check "mtrace-record -o - | mscan distinct-sys false-sharing summary -: every stage exits 0 (${st[*]})" \
    test "${st[*]}" = "0 0 0"
  check "mscan's live analysis equals its analysis of the same bytes from a file ($(wc -c < "$work/kernel.pipe.json") bytes of JSON)" \
    sh -c "test -s '$work/kernel.pipe.json' && cmp -s '$work/kernel.pipe.json' '$work/kernel.file.json'"
fi
check "kernel scope: every access's pc in the kernel half; per-CPU and other physics" \
  "$root/scripts/check-recording.sh" --scope=kernel "$work/kernel.log" "$vmlinux"

# ---- 3. full trace, refiltered -------------------------------------------------------
full_iter=$(( iter / 4 > 0 ? iter / 4 : 1 ))
t0=$(date +%s.%N)
check "full trace (--all, ITER=$full_iter) recorded" \
  "${rec[@]}" --env=ITER="$full_iter" --all --quiet -o "$work/full.log"
echo "full trace: $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN{printf "%.1f", a-b}') s wall, $(stat -c %s "$work/full.log") bytes"
for n in 64 128; do
  t0=$(date +%s.%N)
  check "mtrace-refilter --line-size=$n" "$root/bin/mtrace-refilter" --line-size=$n --mode=movement "$work/full.log" -o "$work/ref$n.log"
  echo "refilter $n: $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN{printf "%.1f", a-b}') s wall, $(stat -c %s "$work/ref$n.log") bytes"
done
# The plugin's filter on the trace's access stream: m2text fields are
#   ld|st [CPU COUNT pc PC host HOST guest GUEST Nb traffic ...];  E ... access_all_cpu MODE NAME
"$m2t" -q "$work/full.log" | awk '
  $1 == "E" && $3 == "access_all_cpu" { if ($5 == "movement" && mode != "movement") print "R"; mode = $5; next }
  ($1 == "ld" || $1 == "st") && mode == "movement" { sz = $10; sub(/b$/, "", sz); print "A", $7, sz, substr($2, 2), ($1 == "st"); n++; counts[n] = $3 }
  ' > "$work/stream.txt"
"$root/recorder/build/movement-decide" < "$work/stream.txt" > "$work/decisions.txt"
# access_count of each access in movement mode, in order, and the plugin's decision for it
"$m2t" -q "$work/full.log" | awk '$1 == "E" && $3 == "access_all_cpu" { mode = $5 } ($1 == "ld" || $1 == "st") && mode == "movement" { print $3 }' > "$work/counts.txt"
fold -w1 "$work/decisions.txt" | paste -d' ' "$work/counts.txt" - | awk '$2 == 1 { print $1 }' > "$work/plugin-kept.txt"
"$m2t" -q "$work/ref64.log" | awk '$1 == "ld" || $1 == "st" { print $3 }' > "$work/refilter-kept.txt"
kept=$(wc -l < "$work/refilter-kept.txt"); total=$(wc -l < "$work/counts.txt")
check "refilter keeps exactly the accesses the plugin's movement filter logs ($kept of $total)" \
  sh -c "test -s '$work/plugin-kept.txt' && cmp -s '$work/plugin-kept.txt' '$work/refilter-kept.txt'"
check "the refiltered log obeys the line-ownership rule (check-recording.sh)" \
  "$root/scripts/check-recording.sh" "$work/ref64.log" "$vmlinux"
"$m2t" -q "$work/ref64.log" | grep -Ev '^(ld|st) ' > "$work/ref64.other"
"$m2t" -q "$work/ref128.log" | grep -Ev '^(ld|st) ' > "$work/ref128.other"
"$m2t" -q "$work/full.log" | grep -Ev '^(ld|st) ' > "$work/full.other"
check "64- and 128-byte refilters describe the same execution (every other entry identical to the trace's)" \
  sh -c "cmp -s '$work/ref64.other' '$work/full.other' && cmp -s '$work/ref128.other' '$work/full.other'"
k128=$("$m2t" -q "$work/ref128.log" | grep -Ec '^(ld|st) ')
echo "accesses: full trace $total, kept with 64-byte lines $kept, with 128-byte lines $k128"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
