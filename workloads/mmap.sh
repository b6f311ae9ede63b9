# MOSBENCH-style micro-benchmark: one process per CPU maps anonymous memory,
# touches each page (page faults) and unmaps it: separate address spaces,
# shared page allocator, zone and LRU state.  ITER rounds of PAGES pages.
n=${ITER:-100}
pages=${PAGES:-16}
cpus=$(nproc)
mtrace-ctl on mmap
w=0
while [ $w -lt $cpus ]; do
  mtrace-bench mmap $n $pages &
  w=$((w+1))
done
wait
mtrace-ctl off mmap
mtrace-ctl ops $((n * cpus))
