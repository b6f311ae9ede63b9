#!/usr/bin/env bash
# Fetch the debug vmlinux of a Debian cloud-amd64 kernel (DWARF 5, ~590 MB) for mdwarf/mscan.
# Usage: scripts/fetch-debian-kernel.sh [--kernel-series=6.1|6.12] [DEST]
#   6.1 (default): 6.1.0-50, DEST default /work/cache/vmlinux
#   6.12: the newest 6.12.N+deb12 apt knows, DEST default /work/cache/vmlinux-6.12
#   (scripts/debian-kernel-abi.sh; MTRACE_KERNEL_ABI overrides the version)
# Needs a Debian/Ubuntu apt with the 'main' archive configured; downloads ~280 MB once.
set -euo pipefail
series=6.1 dest=
while [ $# -gt 0 ]; do
  case "$1" in
    --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --kernel-series=*) series=${1#*=}; shift ;;
    --kernel-series) [ $# -ge 2 ] || { echo "fetch-debian-kernel: --kernel-series needs 6.1 or 6.12" >&2; exit 2; }; series=$2; shift 2 ;;
    -*) echo "fetch-debian-kernel: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) [ -z "$dest" ] || { echo "fetch-debian-kernel: more than one DEST ('$dest', '$1')" >&2; exit 2; }; dest=$1; shift ;;
  esac
done
abi=$("$(dirname "$0")/debian-kernel-abi.sh" "$series")
[ "$series" = 6.1 ] && dest="${dest:-/work/cache/vmlinux}" || dest="${dest:-/work/cache/vmlinux-$series}"
if [ -s "$dest" ]; then echo "fetch-debian-kernel: $dest already exists" >&2; exit 0; fi
pkg="linux-image-$abi-cloud-amd64-dbg"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetch-debian-kernel: downloading $pkg" >&2
(cd "$work" && apt-get download "$pkg") || { echo "fetch-debian-kernel: apt-get download $pkg failed (run apt-get update?)" >&2; exit 2; }
deb="$(ls "$work"/*.deb)"
echo "fetch-debian-kernel: extracting vmlinux" >&2
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" "./usr/lib/debug/boot/vmlinux-$abi-cloud-amd64"
mkdir -p "$(dirname "$dest")"
mv "$work/usr/lib/debug/boot/vmlinux-$abi-cloud-amd64" "$dest"
echo "fetch-debian-kernel: $dest ($(du -h "$dest" | cut -f1))" >&2
