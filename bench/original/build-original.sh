#!/usr/bin/env bash
# Builds the original MIT mtrace tools (mscan, m2text) from their public sources, out of tree, with
# this machine's compilers, so bench/original/side-by-side.sh can time them against ours.
#
#   bench/original/build-original.sh MTRACE_TREE LIBELFIN_TREE [OUT_DIR]
#
# MTRACE_TREE   an extracted github.com/aclements/mtrace (needs mtrace-tools/ and mtrace-magic.h), e.g.
#               git --git-dir=GIT archive HEAD mtrace-tools mtrace-magic.h | tar -x -C DIR
# LIBELFIN_TREE an extracted github.com/aclements/libelfin (mscan's ELF/DWARF library)
# OUT_DIR       where to build (default ./original-build); nothing is written into the two trees.
#
# Nothing is fetched and no source file is edited. Their Makefile builds with -Werror and a
# pkg-config check for an installed libelfin; instead this script compiles the same files with the
# Makefile's -O3 -g -std=c++0x and -w (GCC 12 warns where GCC 4.x did not), and links libelfin's two
# static libraries. It also writes OUT_DIR/shim/addr2line (see there): put OUT_DIR/shim first in
# PATH when running the original mscan on a Linux vmlinux.
set -euo pipefail

usage() { sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 3 ] || usage
src=$(cd "$1" && pwd)/mtrace-tools
elfin=$(cd "$2" && pwd)
out=$(mkdir -p "${3:-original-build}" && cd "${3:-original-build}" && pwd)
[ -f "$src/mscan.cc" ] && [ -f "$src/../mtrace-magic.h" ] || { echo "build-original.sh: $1 has no mtrace-tools/mscan.cc or mtrace-magic.h" >&2; exit 2; }
[ -f "$elfin/dwarf/dwarf++.hh" ] || { echo "build-original.sh: $2 has no dwarf/dwarf++.hh (not a libelfin tree)" >&2; exit 2; }
jobs=${JOBS:-2}

# libelfin builds in its own directory (generated to_string.cc): build a copy.
rm -rf "$out/libelfin" && cp -r "$elfin" "$out/libelfin"
make -s -j"$jobs" -C "$out/libelfin/elf" libelf++.a CXXFLAGS="-O2 -w"
make -s -j"$jobs" -C "$out/libelfin/dwarf" libdwarf++.a CXXFLAGS="-O2 -w"

flags=(-O3 -g -w -I"$src/.." -I"$out/libelfin/elf" -I"$out/libelfin/dwarf")
mkdir -p "$out/obj"
objs=()
for f in mscan.cc addr2line.cc bininfo.cc addrs.cc sbw0.cc serlen.cc demangle.cc; do
  g++ "${flags[@]}" -std=c++0x -c -o "$out/obj/${f%.cc}.o" "$src/$f"
  objs+=("$out/obj/${f%.cc}.o")
done
gcc "${flags[@]}" -c -o "$out/obj/hash.o" "$src/hash.c"
g++ -o "$out/mscan" "${objs[@]}" "$out/obj/hash.o" "$out/libelfin/dwarf/libdwarf++.a" "$out/libelfin/elf/libelf++.a" -lz
gcc "${flags[@]}" -o "$out/m2text" "$src/m2text.c" -lz

mkdir -p "$out/shim"
cat > "$out/shim/addr2line" <<'SHIM'
#!/bin/sh
# The original mscan ends each addr2line query with the line "-1" and reads until "??\n??:0\n".
# binutils 2.40 reads "-1" as address 0, which a Linux vmlinux resolves (its per-CPU section
# starts at 0), so the original would wait forever. Ask for the all-ones address instead.
sed -u 's/^-1$/0xffffffffffffffff/' | exec /usr/bin/addr2line "$@"
SHIM
chmod +x "$out/shim/addr2line"

echo "original mscan:  $out/mscan"
echo "original m2text: $out/m2text"
echo "addr2line shim:  $out/shim (first in PATH for the original mscan)"
