# MOSBENCH gmake: a parallel build (make -jJOBS) of a small generated C project of FILES files:
# fork/exec of gcc, cc1 and as, page-cache reads of the compiler, creation of object files in
# one directory.  Runs in the Debian image (bin/mtrace-record --image=...).
# Warm-up (outside the recording): one full build and clean, so the compiler is in the page cache.
# Environment: FILES (default 8), JOBS (default: the CPU count).
set -e
files=${FILES:-8}
jobs=${JOBS:-$(nproc)}
mkdir -p /tmp/proj && cd /tmp/proj
i=0
while [ $i -lt "$files" ]; do
  cat > f$i.c <<C
int f$i(int x) { int s = 0; for (int k = 0; k < x; k++) s += k * $i ^ (s >> 3); return s; }
C
  i=$((i + 1))
done
printf 'int main(void) { return 0; }\n' > main.c
cat > Makefile <<'M'
SRCS := $(wildcard *.c)
prog: $(SRCS:.c=.o)
	gcc -o $@ $^
%.o: %.c
	gcc -O1 -c -o $@ $<
clean:
	rm -f *.o prog
M
make -s -j"$jobs" && make -s clean
mtrace-ctl on make
t0=$(date +%s%N)
make -s -j"$jobs"
t1=$(date +%s%N)
mtrace-ctl off make
mtrace-ctl ops $((files + 1))
awk -v n=$((files + 1)) -v j="$jobs" -v ns=$((t1 - t0)) 'BEGIN { printf "make: %d compilations with -j%d in %.3f s guest time: %.2f compilations/s\n", n, j, ns / 1e9, n / (ns / 1e9) }'
