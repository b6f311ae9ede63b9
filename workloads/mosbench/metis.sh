# MOSBENCH Metis: a multi-threaded map/reduce word count with one large table per mapper
# (bin: metis, workloads/mosbench/src/metis.c): concurrent page faults and mmap in one address
# space (mmap_sem / mmap_lock), page allocation, then a reduce that reads every mapper's table.
# Environment: MBYTES of input (default 2), TABLE_MB per mapper (default 2), THREADS (default: CPUs).
set -e
mb=${MBYTES:-2}
table=${TABLE_MB:-2}
threads=${THREADS:-$(nproc)}
metis "$threads" 1 1 > /dev/null   # warm-up: the program's pages in the page cache
mtrace-ctl on metis
metis "$threads" "$mb" "$table"
mtrace-ctl off metis
mtrace-ctl ops "$threads"
