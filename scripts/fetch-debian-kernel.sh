#!/usr/bin/env bash
# Fetch the debug vmlinux of Debian's newest cloud-amd64 kernel (DWARF 5, ~590 MB) for mdwarf/mscan.
# Usage: scripts/fetch-debian-kernel.sh [DEST]   (default DEST: /work/cache/vmlinux)
# Needs a Debian/Ubuntu apt with the 'main' archive configured; downloads ~280 MB once.
set -euo pipefail
dest="${1:-/work/cache/vmlinux}"
if [ -s "$dest" ]; then echo "fetch-debian-kernel: $dest already exists" >&2; exit 0; fi
pkg="$(apt-cache search --names-only '^linux-image-[0-9.]+-[0-9]+-cloud-amd64-dbg$' | awk '{print $1}' | sort -V | tail -1)"
if [ -z "$pkg" ]; then
  echo "fetch-debian-kernel: no linux-image-*-cloud-amd64-dbg package known to apt (run apt-get update?)" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "fetch-debian-kernel: downloading $pkg" >&2
(cd "$work" && apt-get download "$pkg")
deb="$(ls "$work"/*.deb)"
echo "fetch-debian-kernel: extracting vmlinux" >&2
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards './usr/lib/debug/boot/vmlinux-*'
mkdir -p "$(dirname "$dest")"
mv "$work"/usr/lib/debug/boot/vmlinux-* "$dest"
echo "fetch-debian-kernel: $dest ($(du -h "$dest" | cut -f1))" >&2
