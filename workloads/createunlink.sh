# MOSBENCH-style micro-benchmark: every CPU creates and unlinks files in ONE
# shared directory (contends on the directory inode, dentry hash, inode and
# file allocation).  Runs in the recorder's busybox guest; mtrace-ctl is on PATH.
n=${ITER:-200}
cpus=$(nproc)
mkdir -p /tmp/shared
mtrace-ctl on createunlink
w=0
while [ $w -lt $cpus ]; do
  ( i=0; while [ $i -lt $n ]; do : > /tmp/shared/f$w.$i; rm /tmp/shared/f$w.$i; i=$((i+1)); done ) &
  w=$((w+1))
done
wait
mtrace-ctl off createunlink
mtrace-ctl ops $((n * cpus))
