# MOSBENCH-style micro-benchmark: many processes append to per-process files
# and to one shared file (page cache, inode size updates, file locks).
n=${ITER:-100}
cpus=$(nproc)
: > /tmp/shared.log
mtrace-ctl on append
w=0
while [ $w -lt $((cpus * 2)) ]; do
  ( i=0; while [ $i -lt $n ]; do echo "$w $i" >> /tmp/own.$w; echo "$w $i" >> /tmp/shared.log; i=$((i+1)); done ) &
  w=$((w+1))
done
wait
mtrace-ctl off append
mtrace-ctl ops $((n * cpus * 2))
