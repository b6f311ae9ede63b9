#!/usr/bin/env bash
# Fetches what bin/mtrace-record needs into a cache directory without root:
# the Debian cloud kernel image, its -dbg vmlinux, and a static busybox
# (apt-get download + dpkg-deb -x; nothing is installed).  QEMU 10 itself
# needs root: the script prints the command if it is missing.
#
#   scripts/fetch-recorder-deps.sh [DIR]      (default: /work/cache/recorder)
# Prints the paths to pass to mtrace-record.
set -euo pipefail
[ "${1:-}" = --help ] && { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0; }
dir=${1:-/work/cache/recorder}
abi=${MTRACE_KERNEL_ABI:-6.1.0-50}   # matches the vmlinux the dwarf module is tested with
mkdir -p "$dir"; chmod 777 "$dir" 2>/dev/null || true
cd "$dir"
fetch() { # package
  ls "$1"_*.deb >/dev/null 2>&1 && return 0
  echo "fetch-recorder-deps: downloading $1" >&2
  apt-get download "$1" >/dev/null || { echo "fetch-recorder-deps: apt-get download $1 failed (run apt-get update? is bookworm in sources?)" >&2; exit 2; }
}
unpack() { # package dest
  [ -d "$2" ] && return 0
  dpkg-deb -x "$1"_*.deb "$2.tmp" && mv "$2.tmp" "$2"
}
fetch "linux-image-$abi-cloud-amd64-unsigned"; unpack "linux-image-$abi-cloud-amd64-unsigned" image
fetch "linux-image-$abi-cloud-amd64-dbg"
if [ ! -d dbg ]; then  # only the vmlinux: module debug info is gigabytes
  mkdir -p dbg.tmp && dpkg-deb --fsys-tarfile "linux-image-$abi-cloud-amd64-dbg"_*.deb | tar -x -C dbg.tmp ./usr/lib/debug/boot && mv dbg.tmp dbg
fi
fetch busybox-static;                          unpack busybox-static busybox
kernel=$(ls image/boot/vmlinuz-* | head -1)
vmlinux=$(ls dbg/usr/lib/debug/boot/vmlinux-* 2>/dev/null | head -1 || true)
[ -n "$vmlinux" ] || vmlinux=$(find dbg -name 'vmlinux*' -type f | head -1)
if ! command -v qemu-system-x86_64 >/dev/null || ! qemu-system-x86_64 --version | grep -Eq 'version (9\.[2-9]|[1-9][0-9])'; then
  echo "fetch-recorder-deps: QEMU >= 9.2 is missing; as root run:" >&2
  echo "  echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/backports.list && apt-get update && apt-get install -y -t bookworm-backports qemu-system-x86" >&2
fi
echo "--kernel $dir/$kernel --vmlinux $dir/$vmlinux"
echo "MTRACE_BUSYBOX=$dir/busybox/bin/busybox"
