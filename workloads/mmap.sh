# MOSBENCH-style micro-benchmark: processes on every CPU map, touch and unmap
# memory (mm/vma allocation, page faults, page allocator).  busybox dd with a
# large block size mmaps/munmaps its buffer each run.
n=${ITER:-30}
cpus=$(nproc)
mtrace-ctl on mmap
w=0
while [ $w -lt $cpus ]; do
  ( i=0; while [ $i -lt $n ]; do dd if=/dev/zero of=/dev/null bs=256k count=2 2>/dev/null; i=$((i+1)); done ) &
  w=$((w+1))
done
wait
mtrace-ctl off mmap
mtrace-ctl ops $((n * cpus))
