#!/usr/bin/env bash
# mosbench-smoke.sh: the opt-in test of the MOSBENCH guest (docs/mosbench.md).  Builds the Debian
# guest image (or finds it in the cache: scripts/build-guest-image.sh), records one short
# workload (workloads/mosbench/metis.sh, 2 vCPUs) with bin/mtrace-record --image on the 6.1
# kernel of scripts/fetch-recorder-deps.sh, and checks that
#   - the workload ran to its end in the image and printed its throughput line,
#   - the log passes scripts/check-recording.sh (CPUs, bracket, per-CPU and movement physics),
#   - bin/mscan attribution reads it (kernel symbols resolved).
# Not part of .ci/run (the image build takes minutes and needs deb.debian.org).
# usage: mosbench-smoke.sh [WORKDIR]   (default: a temporary directory, removed on success)
# Needs the project built (mvn -B -ntp -q -DskipTests package).  Exit 0 passed, 1 failed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deps=${MTRACE_DEPS:-$HOME/.cache/mtrace/deps}
kernel=$(ls "$deps"/image/boot/vmlinuz-6.1.* 2>/dev/null | head -1)
vmlinux=$(ls "$deps"/dbg/usr/lib/debug/boot/vmlinux-6.1.* 2>/dev/null | head -1)
[ -n "$kernel" ] && [ -n "$vmlinux" ] || { echo "mosbench-smoke: no 6.1 kernel under $deps (run scripts/fetch-recorder-deps.sh)" >&2; exit 1; }
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/mosbench-smoke.XXXXXX")}
mkdir -p "$work"
fail() { echo "mosbench-smoke: FAIL: $*" >&2; echo "mosbench-smoke: files kept in $work" >&2; exit 1; }

t0=$(date +%s)
image=$("$root/scripts/build-guest-image.sh" --quiet) || fail "the image build failed"
echo "mosbench-smoke: image $image ($(du -m "$image" | cut -f1) MB allocated, $(( $(date +%s) - t0 )) s)"
log="$work/metis.mtrace.gz"
"$root/bin/mtrace-record" --quiet --no-baseline --image="$image" --smp=2 --memory=512M --timeout=600 \
  --vmlinux="$vmlinux" --kernel="$kernel" --workload="$root/workloads/mosbench/metis.sh" \
  --env=MBYTES=1 --env=TABLE_MB=1 -o "$log" 2> "$work/record.txt" || { cat "$work/record.txt" >&2; fail "mtrace-record failed"; }
grep -a '^metis: 2 threads' "$log.console.txt" || fail "no throughput line from metis in $log.console.txt"
"$root/scripts/check-recording.sh" "$log" "$vmlinux" > "$work/check.txt" || { cat "$work/check.txt" >&2; fail "check-recording.sh"; }
tail -1 "$work/check.txt"
"$root/bin/mscan" --kernel="$vmlinux" attribution "$log" > "$work/attribution.txt" 2> "$work/attribution.err" || { cat "$work/attribution.err" >&2; fail "mscan attribution"; }
grep -q '__folio_alloc\|do_anonymous_page\|clear_page' "$work/attribution.txt" ||
  fail "the attribution names none of the page-fault allocation or zeroing functions a Metis mapper must run"
echo "mosbench-smoke: passed in $(( $(date +%s) - t0 )) s"
[ $# -gt 0 ] || rm -rf "$work"
