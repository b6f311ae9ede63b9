#!/usr/bin/env bash
# Fetches what bin/mtrace-record needs into a cache directory without root:
# the Debian cloud kernel image, its -dbg vmlinux, and a static busybox
# (apt-get download + dpkg-deb -x; nothing is installed).  QEMU 10 itself
# needs root: the script prints the command if it is missing.
#
#   scripts/fetch-recorder-deps.sh [--kernel-series=6.1|6.12] [DIR]   (default: 6.1, /work/cache/recorder)
# 6.1 is 6.1.0-50, 6.12 the newest 6.12.N+deb12 apt knows (scripts/debian-kernel-abi.sh;
# MTRACE_KERNEL_ABI overrides).  Both series can share DIR.
# Prints the paths to pass to mtrace-record.
set -euo pipefail
series=6.1 dir=
while [ $# -gt 0 ]; do
  case "$1" in
    --help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --kernel-series=*) series=${1#*=}; shift ;;
    --kernel-series) [ $# -ge 2 ] || { echo "fetch-recorder-deps: --kernel-series needs 6.1 or 6.12" >&2; exit 2; }; series=$2; shift 2 ;;
    -*) echo "fetch-recorder-deps: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *) [ -z "$dir" ] || { echo "fetch-recorder-deps: more than one DIR ('$dir', '$1')" >&2; exit 2; }; dir=$1; shift ;;
  esac
done
dir=${dir:-/work/cache/recorder}
abi=$("$(dirname "$0")/debian-kernel-abi.sh" "$series")
mkdir -p "$dir"; chmod 777 "$dir" 2>/dev/null || true
cd "$dir"
fetch() { # package
  ls "$1"_*.deb >/dev/null 2>&1 && return 0
  echo "fetch-recorder-deps: downloading $1" >&2
  apt-get download "$1" >/dev/null || { echo "fetch-recorder-deps: apt-get download $1 failed (run apt-get update? is bookworm in sources?)" >&2; exit 2; }
}
kernel=image/boot/vmlinuz-$abi-cloud-amd64
vmlinux=dbg/usr/lib/debug/boot/vmlinux-$abi-cloud-amd64
fetch "linux-image-$abi-cloud-amd64-unsigned"
[ -e "$kernel" ] || dpkg-deb -x "linux-image-$abi-cloud-amd64-unsigned"_*.deb image
fetch "linux-image-$abi-cloud-amd64-dbg"
if [ ! -e "$vmlinux" ]; then  # only the vmlinux: module debug info is gigabytes
  rm -rf dbg.tmp; mkdir -p dbg.tmp dbg
  dpkg-deb --fsys-tarfile "linux-image-$abi-cloud-amd64-dbg"_*.deb | tar -x -C dbg.tmp ./usr/lib/debug/boot
  cp -a dbg.tmp/. dbg/ && rm -rf dbg.tmp
fi
[ -e "$vmlinux" ] || { echo "fetch-recorder-deps: linux-image-$abi-cloud-amd64-dbg holds no ${vmlinux#dbg/}" >&2; exit 2; }
fetch busybox-static
[ -d busybox ] || { dpkg-deb -x busybox-static_*.deb busybox.tmp && mv busybox.tmp busybox; }
if ! command -v qemu-system-x86_64 >/dev/null || ! qemu-system-x86_64 --version | grep -Eq 'version (9\.[2-9]|[1-9][0-9])'; then
  echo "fetch-recorder-deps: QEMU >= 9.2 is missing; as root run:" >&2
  echo "  echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/backports.list && apt-get update && apt-get install -y -t bookworm-backports qemu-system-x86" >&2
fi
echo "--kernel $dir/$kernel --vmlinux $dir/$vmlinux"
echo "MTRACE_BUSYBOX=$dir/busybox/bin/busybox"
