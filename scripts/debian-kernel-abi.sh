#!/usr/bin/env bash
# Prints the Debian cloud-amd64 kernel ABI that the fetch scripts use for a kernel series:
#   6.1  -> 6.1.0-50 (the vmlinux the dwarf module and the recorder were tested with)
#   6.12 -> the newest 6.12.N+deb12 whose -unsigned image and -dbg package apt knows
# MTRACE_KERNEL_ABI overrides either (e.g. 6.1.0-57 or 6.12.118+deb12).
#
#   scripts/debian-kernel-abi.sh 6.1|6.12
# Exit 2 with one line on stderr for an unknown series or when apt knows no such kernel.
set -euo pipefail
series=${1:-}
case "$series" in
  6.1) echo "${MTRACE_KERNEL_ABI:-6.1.0-50}" ;;
  6.12)
    if [ -n "${MTRACE_KERNEL_ABI:-}" ]; then echo "$MTRACE_KERNEL_ABI"; exit 0; fi
    # both packages must exist: an ABI is kept only when its two names were listed
    abi=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64-(unsigned|dbg)$' |
      sed -n 's/^linux-image-\(6\.12\.[0-9]*+deb12\)-cloud-amd64-\(unsigned\|dbg\) .*/\1/p' |
      sort -V | uniq -d | tail -1)
    [ -n "$abi" ] || { echo "debian-kernel-abi: apt knows no linux-image-6.12.*+deb12-cloud-amd64-unsigned/-dbg pair (run apt-get update? bookworm with updates in sources?)" >&2; exit 2; }
    echo "$abi" ;;
  *) echo "debian-kernel-abi: unknown kernel series '$series' (expected 6.1 or 6.12)" >&2; exit 2 ;;
esac
