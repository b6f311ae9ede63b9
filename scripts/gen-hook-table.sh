#!/usr/bin/env bash
# Writes the recorder's hook table (format: docs/recorder.md "Hook table")
# for a vmlinux with symbols and DWARF, using nm (function and variable
# addresses) and gdb (struct field offsets and sizes): the fallback for
# bin/mtrace-hooks when the Java part is not built.  The facts to look up
# (and the other names of renamed kernel functions) come from the same list
# bin/mtrace-hooks reads: kernel-hooks/src/main/resources/org/mtrace/kernelhooks/hook-facts.txt.
#
#   scripts/gen-hook-table.sh VMLINUX > hooks.txt
set -euo pipefail
if [ $# -ne 1 ] || [ "${1:-}" = --help ]; then
  echo "usage: $0 VMLINUX > HOOK_TABLE" >&2
  [ "${1:-}" = --help ] && exit 0 || exit 2
fi
vmlinux=$1
facts="$(cd "$(dirname "$0")/.." && pwd)/kernel-hooks/src/main/resources/org/mtrace/kernelhooks/hook-facts.txt"
[ -r "$vmlinux" ] || { echo "gen-hook-table: cannot read $vmlinux" >&2; exit 2; }
[ -r "$facts" ] || { echo "gen-hook-table: cannot read $facts" >&2; exit 2; }
for tool in nm gdb; do
  command -v $tool >/dev/null || { echo "gen-hook-table: $tool not found; install it with: apt-get install -y ${tool/nm/binutils}" >&2; exit 2; }
done

syms=$(mktemp); trap 'rm -f "$syms"' EXIT
nm "$vmlinux" > "$syms"
echo "# mtrace hook table, format 1"
echo "# vmlinux: $(basename "$vmlinux") build-id: $(readelf -n "$vmlinux" 2>/dev/null | awk '/Build ID/ {print $3}')"
# func lines: the first of the listed symbols that is a text symbol; symbol lines: any symbol
awk 'function hex(a) { sub(/^0+/, "", a); return "0x" (a == "" ? "0" : a) }
     NR == FNR { if ($2 == "T" || $2 == "t") { if (!($3 in text)) text[$3] = $1 } if (!($3 in any)) any[$3] = $1; next }
     /^#/ || NF == 0 { next }
     $1 == "func" {
       for (i = 2; i <= NF; i++) if ($i in text) break
       if (i > NF) {
         tried = $2; for (j = 3; j <= NF; j++) tried = tried ", " $j
         print "# missing func " $2 (NF > 2 ? " (looked for " tried ")" : "")
       } else print "func " $2 " " hex(text[$i]) ($i != $2 ? " # " $i : "")
     }
     $1 == "symbol" { print ($2 in any) ? "symbol " $2 " " hex(any[$2]) : "# missing symbol " $2 }' "$syms" "$facts"
args=()
while read -r kind name _; do
  case "$kind" in
    offset) args+=(-ex "printf \"offset $name %d\\n\", (int)&((struct ${name%%.*} *)0)->${name#*.}") ;;
    size) args+=(-ex "printf \"size $name %d\\n\", (int)sizeof(struct $name)") ;;
  esac
done < "$facts"
gdb -batch -nx "${args[@]}" "$vmlinux" 2>/dev/null | grep -E '^(offset|size) ' || {
  echo "gen-hook-table: gdb could not read struct layouts from $vmlinux (no DWARF?)" >&2; exit 2; }
