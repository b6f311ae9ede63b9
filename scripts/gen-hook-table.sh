#!/usr/bin/env bash
# Writes the recorder's hook table (format: docs/recorder.md "Hook table")
# for a vmlinux with symbols and DWARF, using nm (function and variable
# addresses) and gdb (struct field offsets).  Later the dwarf module can
# write the same table.
#
#   scripts/gen-hook-table.sh VMLINUX > hooks.txt
set -euo pipefail
if [ $# -ne 1 ] || [ "${1:-}" = --help ]; then
  echo "usage: $0 VMLINUX > HOOK_TABLE" >&2
  [ "${1:-}" = --help ] && exit 0 || exit 2
fi
vmlinux=$1
[ -r "$vmlinux" ] || { echo "gen-hook-table: cannot read $vmlinux" >&2; exit 2; }
for tool in nm gdb; do
  command -v $tool >/dev/null || { echo "gen-hook-table: $tool not found; install it with: apt-get install -y ${tool/nm/binutils}" >&2; exit 2; }
done

funcs="kmem_cache_alloc kmem_cache_alloc_lru kmem_cache_alloc_node kmalloc_trace kmalloc_node_trace
__kmalloc __kmalloc_node __kmalloc_node_track_caller kmem_cache_free kfree kmem_cache_free_bulk
__alloc_pages __free_pages free_unref_page __switch_to do_syscall_64 syscall_exit_to_user_mode
irq_enter_rcu irq_exit_rcu irq_exit do_exit"
symbols="page_offset_base vmemmap_base sys_call_table __per_cpu_offset __per_cpu_start __per_cpu_end"
# struct.field pairs whose offsets the hooks read
fields="task_struct.pid task_struct.tgid task_struct.comm kmem_cache.name kmem_cache.object_size"

syms=$(mktemp); trap 'rm -f "$syms"' EXIT
nm "$vmlinux" > "$syms"
echo "# mtrace hook table, format 1"
echo "# vmlinux: $(basename "$vmlinux") build-id: $(readelf -n "$vmlinux" 2>/dev/null | awk '/Build ID/ {print $3}')"
for f in $funcs; do
  a=$(awk -v n="$f" '$3 == n && ($2 == "T" || $2 == "t") {print $1; exit}' "$syms")
  if [ -n "$a" ]; then echo "func $f 0x$a"; else echo "# missing function $f"; fi
done
for s in $symbols; do
  a=$(awk -v n="$s" '$3 == n {print $1; exit}' "$syms")
  if [ -n "$a" ]; then echo "symbol $s 0x$a"; else echo "# missing symbol $s"; fi
done
args=()
for f in $fields; do
  args+=(-ex "printf \"offset $f %d\\n\", (int)&((struct ${f%%.*} *)0)->${f#*.}")
done
args+=(-ex 'printf "size page %d\n", (int)sizeof(struct page)')
gdb -batch -nx "${args[@]}" "$vmlinux" 2>/dev/null | grep -E '^(offset|size) ' || {
  echo "gen-hook-table: gdb could not read struct layouts from $vmlinux (no DWARF?)" >&2; exit 2; }
