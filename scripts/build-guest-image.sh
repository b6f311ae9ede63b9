#!/usr/bin/env bash
# build-guest-image.sh: builds the Debian 12 (bookworm) guest image that `bin/mtrace-record
# --image=IMAGE` boots for the MOSBENCH-like workloads (workloads/mosbench/, docs/mosbench.md).
#
# A raw ext4 disk image (mkfs.ext4 -d, no loop mount) made by mmdebstrap from Debian's archive:
# the applications and load generators (memcached, exim4-daemon-light, apache2 + ab, postgresql +
# pgbench, make + gcc), the project's mtrace-ctl, and the small load programs of
# workloads/mosbench/src compiled by the image's own gcc into /usr/local/bin.
# A disk rather than an initramfs: the userland is about 400 MB, which an initramfs would
# unpack into guest RAM (and decompress under TCG) on every boot; from a disk the guest reads
# only the pages it runs, and the kernel's built-in NVMe driver and ext4 need no modules.
#
# The image is cached as $MTRACE_CACHE (default ~/.cache/mtrace)/guest-bookworm-KEY.ext4, KEY the
# checksum of this script, the load programs' sources and mtrace-ctl's sources: a change to any
# of them builds a new image.  Prints the image's path on standard output.
# Needs root (mmdebstrap --mode=root; we run as root) and network access to deb.debian.org.
# exit status: 0 built or found in the cache; 1 the build failed; 2 bad usage or a missing tool.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: build-guest-image.sh [--force] [--mirror=URL] [--quiet]
Builds (or finds in the cache) the Debian 12 guest image for bin/mtrace-record --image and
prints its path.
  --force        build again even if the cached image exists
  --mirror=URL   Debian mirror (default http://deb.debian.org/debian)
  --quiet        no progress messages
  -h, --help     this help
exit status: 0 image ready; 1 the build failed; 2 bad usage or a missing tool.
USAGE
}
die() { echo "build-guest-image: $*" >&2; exit 2; }
force=0 quiet=0 mirror=http://deb.debian.org/debian
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    --quiet) quiet=1 ;;
    --mirror=?*) mirror=${arg#--mirror=} ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$arg' (see --help)" ;;
  esac
done
say() { [ "$quiet" = 1 ] || echo "build-guest-image: $*" >&2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/workloads/mosbench/src"
command -v mmdebstrap >/dev/null || die "mmdebstrap not found; install it with: apt-get install -y mmdebstrap"
command -v mkfs.ext4 >/dev/null || die "mkfs.ext4 not found; install it with: apt-get install -y e2fsprogs"
[ "$(id -u)" = 0 ] || die "needs root (mmdebstrap --mode=root)"

cache="${MTRACE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mtrace}"
mkdir -p "$cache"
key=$(cat "${BASH_SOURCE[0]}" "$src"/*.c "$root/kernel-hooks/src/mtrace-ctl.c" "$root/kernel-hooks/include/mtrace-magic.h" | cksum | awk '{print $1}')
image="$cache/guest-bookworm-$key.ext4"
if [ "$force" = 0 ] && [ -s "$image" ]; then
  say "cached: $image"
  echo "$image"; exit 0
fi

make -s -C "$root/kernel-hooks" >/dev/null || die "building mtrace-ctl failed (make -C $root/kernel-hooks)"
work=$(mktemp -d "${TMPDIR:-/tmp}/mtrace-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
t0=$(date +%s)
# the applications of MOSBENCH and their load generators; no Recommends (mmdebstrap's default)
packages=memcached,exim4-daemon-light,apache2,apache2-utils,postgresql,make,gcc,libc6-dev,procps
say "mmdebstrap bookworm ($packages) from $mirror"
# documentation, manual pages and translations are left out (a third of the size)
mmdebstrap --mode=root --variant=apt --include="$packages" \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
  --customize-hook='mkdir -p "$1/usr/local/src/mosbench"' \
  --customize-hook="copy-in $src/psearchy.c $src/metis.c $src/mcload.c /usr/local/src/mosbench" \
  --customize-hook="copy-in $root/kernel-hooks/build/mtrace-ctl /usr/local/bin" \
  --customize-hook='for p in psearchy metis mcload; do chroot "$1" gcc -O2 -pthread -o /usr/local/bin/$p /usr/local/src/mosbench/$p.c || exit 1; done' \
  --customize-hook='echo mtrace > "$1/etc/hostname"; printf "127.0.0.1 localhost mtrace\n" > "$1/etc/hosts"' \
  --customize-hook='chroot "$1" useradd -m -s /bin/sh mosbench' \
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
  bookworm "$work/root" "$mirror" >&2 || { echo "build-guest-image: mmdebstrap failed" >&2; exit 1; }
# room for the workloads' own files (spool, database, build outputs) beyond the userland
used_mb=$(du -sm "$work/root" | awk '{print $1}')
size_mb=$((used_mb + used_mb / 4 + 256))
say "mkfs.ext4 -d ($used_mb MB of files, ${size_mb} MB image)"
mkfs.ext4 -q -F -L mtrace-root -d "$work/root" "$work/image.ext4" "${size_mb}M" >&2 ||
  { echo "build-guest-image: mkfs.ext4 failed" >&2; exit 1; }
mv "$work/image.ext4" "$image"
say "built $image in $(( $(date +%s) - t0 )) s ($used_mb MB of files)"
echo "$image"
