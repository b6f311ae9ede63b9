#!/usr/bin/env bash
# Builds the optional JNI library of IsalInflater (isal_inflate.c) into the module's classes, so
# that the jar carries it: Intel's ISA-L inflates gzip logs about twice as fast as the JDK's zlib.
# Optional on purpose: without gcc or ISA-L's headers (Debian: apt-get install libisal-dev) the
# build goes on without it and every log is inflated by the JDK's zlib, with identical results.
#
#   build-native.sh CLASSES_DIR JAVA_HOME
set -u
out=$1/org/mtrace/format/io
jh=$2
lib=$out/libmtrace-isal.so
src=$(cd "$(dirname "$0")" && pwd)/isal_inflate.c
mkdir -p "$out"
if [ "$(uname -s 2>/dev/null)-$(uname -m 2>/dev/null)" != Linux-x86_64 ]; then
  rm -f "$lib"; exit 0
fi
if ! command -v gcc >/dev/null 2>&1 || ! printf '#include <isa-l/igzip_lib.h>\n' | gcc -E -x c - >/dev/null 2>&1; then
  rm -f "$lib"
  echo "mtrace-format: ISA-L not found (Debian: apt-get install libisal-dev); gzip logs will be inflated by the JDK's zlib"
  exit 0
fi
if [ "$lib" -nt "$src" ] && [ "$lib" -nt "$0" ]; then
  exit 0
fi
if ! gcc -O2 -shared -fPIC -Wall -Werror -I"$jh/include" -I"$jh/include/linux" -o "$lib" "$src" -lisal; then
  rm -f "$lib"
  echo "mtrace-format: the ISA-L inflater did not compile; gzip logs will be inflated by the JDK's zlib"
fi
exit 0
