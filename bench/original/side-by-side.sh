#!/usr/bin/env bash
# Runs the original mtrace tools and ours on the same logs, one run at a time, and prints a table:
# user CPU, wall time and peak RSS of each (GNU time -v), the original/ours ratios, and whether
# the two outputs are byte-identical.
#
#   bench/original/side-by-side.sh [--kernel=ELF] [--commands=LIST] [--runs=N] [--ours=DIR]
#                                  [--work=DIR] ORIG_BIN_DIR LOG...
#
# ORIG_BIN_DIR  what bench/original/build-original.sh printed (mscan, m2text, shim/)
# --kernel=ELF  the kernel image both mscans get (the original requires one; default: the
#               repository's examples/demo-kernel.elf, which describes mtrace-synth logs; it
#               has DWARF 5, on which the original aborts in all-sharing: give a -gdwarf-4 build)
# --commands    comma-separated: default (--distinct-sys --false-sharing --summary), m2text, or
#               any of the original's analysis options without the dashes, e.g. all-sharing
#               (default: default,all-sharing,m2text)
# --runs=N      runs of each tool per command (default 2); each output is compared on the first run
# --ours=DIR    our launchers (default: this repository's bin/)
# --work=DIR    where the outputs go while they are compared (default: a new directory in $TMPDIR)
#
# Both mscans get the original's command line (--kernel=ELF --mtrace-log-file=LOG --OPTION...);
# our m2text runs with --original, the mode that prints what the original printed. Outputs go
# to files (so they can be compared) and are deleted after each command.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
kernel=$repo/examples/demo-kernel.elf
commands=default,all-sharing,m2text
runs=2
ours=$repo/bin
work=
usage() { sed -n '6,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --kernel=*) kernel=${1#*=} ;;
    --commands=*) commands=${1#*=} ;;
    --runs=*) runs=${1#*=} ;;
    --ours=*) ours=${1#*=} ;;
    --work=*) work=${1#*=} ;;
    -h|--help) usage ;;
    -*) echo "side-by-side.sh: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
  shift
done
[ $# -ge 2 ] || usage
orig=$(cd "$1" && pwd); shift
[ -x "$orig/mscan" ] && [ -x "$orig/m2text" ] || { echo "side-by-side.sh: no mscan/m2text in $orig" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "side-by-side.sh: needs GNU time at /usr/bin/time" >&2; exit 2; }
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/side-by-side.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

# run TOOL OUTPUT -- COMMAND...: runs the command under GNU time; sets u (user s), w (wall s),
# rss (MB), rc.
run() {
  local out=$1; shift 2
  /usr/bin/time -v -o "$work/time" "$@" >"$out" 2>"$work/stderr" || true
  u=$(awk -F': ' '/User time/ {print $2}' "$work/time")
  w=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/time")
  rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$work/time")
  rc=$(awk -F': ' '/Exit status/ {print $2}' "$work/time")
  if grep -q "Command terminated by signal" "$work/time"; then rc=$(awk '/terminated by signal/ {print "signal " $NF}' "$work/time"); fi
}

# original / ours: above 1 means ours is faster
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "–"; else if (a / b < 1) printf "%.2f×", a / b; else printf "%.1f×", a / b }'; }

printf '| log | command | run | original: user / wall / RSS | ours: user / wall / RSS | user ratio | wall ratio | output |\n'
printf '|---|---|---:|---:|---:|---:|---:|---|\n'
IFS=, read -r -a cmds <<<"$commands"
for log in "$@"; do
  for c in "${cmds[@]}"; do
    if [ "$c" = m2text ]; then
      o_cmd=("$orig/m2text" "$log"); w_cmd=("$ours/m2text" --original "$log")
    else
      if [ "$c" = default ]; then opts=(--distinct-sys --false-sharing --summary); else opts=("--$c"); fi
      o_cmd=(env PATH="$orig/shim:$PATH" "$orig/mscan" --kernel="$kernel" --mtrace-log-file="$log" "${opts[@]}")
      w_cmd=("$ours/mscan" --kernel="$kernel" --mtrace-log-file="$log" "${opts[@]}")
    fi
    for r in $(seq 1 "$runs"); do
      run "$work/orig.out" -- "${o_cmd[@]}"; ou=$u ow=$w orss=$rss orc=$rc
      olast=$(grep -v "overlapping labels\|bad type 1[45]" "$work/stderr" | tail -1 || true)
      run "$work/ours.out" -- "${w_cmd[@]}"; wu=$u ww=$w wrss=$rss wrc=$rc
      wlast=$(tail -1 "$work/stderr" || true)
      if [ "$r" = 1 ]; then
        if [ "$orc" != 0 ]; then same="original failed ($orc: $olast)"
        elif [ "$wrc" != 0 ]; then same="ours failed ($wrc: $wlast)"
        elif cmp -s "$work/orig.out" "$work/ours.out"; then same="identical ($(wc -c <"$work/ours.out") B)"
        else same="differs ($(diff "$work/orig.out" "$work/ours.out" | grep -c '^<' || true) lines of $(wc -l <"$work/orig.out"))"
        fi
      else same=""
      fi
      rm -f "$work/orig.out" "$work/ours.out"
      printf '| %s | %s | %s | %s s / %s s / %s MB | %s s / %s s / %s MB | %s | %s | %s |\n' \
        "$(basename "$log")" "$c" "$r" "$ou" "$ow" "$orss" "$wu" "$ww" "$wrss" \
        "$(ratio "$ou" "$wu")" "$(ratio "$ow" "$ww")" "$same"
    done
  done
done
