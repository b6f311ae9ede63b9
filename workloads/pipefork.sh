# MOSBENCH-style micro-benchmark: each CPU forks short-lived children that
# talk over pipes (fork/exit/wait, pipe buffers, task structs, page tables).
n=${ITER:-40}
cpus=$(nproc)
mtrace-ctl on pipefork
w=0
while [ $w -lt $cpus ]; do
  ( i=0; while [ $i -lt $n ]; do echo ping | cat > /dev/null; i=$((i+1)); done ) &
  w=$((w+1))
done
wait
mtrace-ctl off pipefork
mtrace-ctl ops $((n * cpus))
