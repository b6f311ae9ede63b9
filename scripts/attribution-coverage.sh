#!/usr/bin/env bash
# attribution-coverage.sh: the opt-in test of issue 16's goal on the real kernel.  Records the
# repository's workloads (default: createunlink and pipefork) with bin/mtrace-record's defaults on 4
# vCPUs of Debian's 6.1 and 6.12 cloud kernels (scripts/fetch-recorder-deps.sh), runs
# `bin/mscan attribution` on each log and checks that the described share of the shared kernel
# traffic (every form but "name+offset only" and "unattributed", weighted by access count over rows
# touched by two or more CPUs: docs/analyses.md "attribution") is at least MIN percent.  Prints one
# row per recording with the share of each form.  Not part of .ci/run (each recording takes minutes).
# usage: attribution-coverage.sh [--kernels=6.1,6.12] [--workloads=createunlink,pipefork] [--min=95] [WORKDIR]
# Needs the project built (mvn -B -ntp -q -DskipTests package) and QEMU 10.  Exit 0 passed, 1 failed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kernels=6.1,6.12 workloads=createunlink,pipefork min=95 work=
for a in "$@"; do
  case $a in
    --kernels=*) kernels=${a#*=} ;;
    --workloads=*) workloads=${a#*=} ;;
    --min=*) min=${a#*=} ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "attribution-coverage: unknown option $a (see --help)" >&2; exit 2 ;;
    *) work=$a ;;
  esac
done
work=${work:-$(mktemp -d "${TMPDIR:-/tmp}/attribution-coverage.XXXXXX")}
mkdir -p "$work"
deps=${MTRACE_DEPS:-${XDG_CACHE_HOME:-$HOME/.cache}/mtrace/deps}
failed=0
printf '%-28s %12s %9s  %s\n' recording shared described forms
for series in ${kernels//,/ }; do
  paths=$("$root/scripts/fetch-recorder-deps.sh" --kernel-series="$series" "$deps") ||
    { echo "attribution-coverage: no $series kernel (scripts/fetch-recorder-deps.sh)" >&2; exit 1; }
  kernel=$(echo "$paths" | sed -n 's/^--kernel \([^ ]*\) --vmlinux .*/\1/p')
  vmlinux=$(echo "$paths" | sed -n 's/.*--vmlinux \([^ ]*\)$/\1/p')
  busybox=$(echo "$paths" | sed -n 's/^MTRACE_BUSYBOX=//p')
  [ -z "$busybox" ] || export MTRACE_BUSYBOX="${MTRACE_BUSYBOX:-$busybox}"
  for w in ${workloads//,/ }; do
    log=$work/$w-$series.mtrace.gz
    "$root/bin/mtrace-record" --quiet --no-baseline --smp=4 --vmlinux="$vmlinux" --kernel="$kernel" \
      --workload="$root/workloads/$w.sh" -o "$log" 2> "$work/$w-$series.record.txt" ||
      { cat "$work/$w-$series.record.txt" >&2; echo "attribution-coverage: recording $w on $series failed" >&2; exit 1; }
    "$root/bin/mscan" --quiet --kernel="$vmlinux" attribution "$log" > "$work/$w-$series.json" 2> "$work/$w-$series.err" ||
      { cat "$work/$w-$series.err" >&2; echo "attribution-coverage: mscan attribution failed on $log" >&2; exit 1; }
    python3 - "$work/$w-$series.json" "$w-$series" "$min" <<'PY' || failed=1
import json, sys
doc = json.load(open(sys.argv[1]))["attribution"]
shared = doc["kernel-accesses-shared"]
undescribed = {"name+offset only", "unattributed"}
described = sum(f["shared-count"] for f in doc["forms"] if f["form"] not in undescribed)
share = 100.0 * described / shared if shared else 0.0
forms = ", ".join("%s %.2f%%" % (f["form"], 100.0 * f["shared-count"] / shared) for f in doc["forms"] if f["shared-count"])
print("%-28s %12d %8.2f%%  %s" % (sys.argv[2], shared, share, forms))
sys.exit(0 if shared and share >= float(sys.argv[3]) else 1)
PY
  done
done
if [ $failed -ne 0 ]; then
  echo "attribution-coverage: FAIL: a recording's described share is below $min % (files in $work)" >&2
  exit 1
fi
echo "attribution-coverage: passed (files in $work)"
