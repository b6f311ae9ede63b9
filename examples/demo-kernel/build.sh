#!/usr/bin/env bash
# Rebuilds examples/demo-kernel.elf, the small ELF that describes examples/demo.mtrace.gz (the
# README's first command): struct types with DWARF, statics and functions at synth's addresses.
set -euo pipefail
cd "$(dirname "$0")"
flags=$(python3 gen.py demo-kernel.c)
# shellcheck disable=SC2086
gcc -g -O1 -ffreestanding -fno-pic -no-pie -mcmodel=kernel -nostdlib -static -Wl,-e,0 -Wl,--build-id=none -Wl,-z,max-page-size=0x10 -Wl,-z,noseparate-code \
  -fdebug-prefix-map="$PWD"=. $flags -o ../demo-kernel.elf demo-kernel.c
ls -l ../demo-kernel.elf
