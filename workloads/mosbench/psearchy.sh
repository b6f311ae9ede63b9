# MOSBENCH psearchy: parallel indexing of a file tree by one thread per CPU (bin: psearchy,
# workloads/mosbench/src/psearchy.c): path lookup, open/read/close from a shared file list,
# per-thread hash tables, one index file per thread.  Corpus: the first FILES headers under
# /usr/include (read once outside the recording, so the page cache holds them).
# Environment: FILES (default 400), THREADS (default: the CPU count).
set -e
files=${FILES:-400}
threads=${THREADS:-$(nproc)}
find /usr/include -type f -name '*.h' | sort | head -n "$files" > /tmp/files.txt
mkdir -p /tmp/index
psearchy "$threads" /tmp/index /tmp/files.txt > /dev/null   # warm-up
rm -f /tmp/index/*
mtrace-ctl on psearchy
psearchy "$threads" /tmp/index /tmp/files.txt
mtrace-ctl off psearchy
mtrace-ctl ops "$(wc -l < /tmp/files.txt)"
