# MOSBENCH PostgreSQL: a read-mostly workload (pgbench -S: one primary-key SELECT a transaction)
# from CLIENTS connections over the Unix socket against Debian's PostgreSQL 15 cluster: shared
# buffers and lock manager in System V / POSIX shared memory, the backends' lseek/read of
# relation files, futex wake-ups.  Database: pgbench scale 1, built and read once outside the
# recording.  Environment: TRANSACTIONS per client (default 100), CLIENTS (default: the CPU count).
set -e
tx=${TRANSACTIONS:-100}
clients=${CLIENTS:-$(nproc)}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
mkdir -p /run/postgresql && chown postgres:postgres /run/postgresql
pg_ctlcluster "$(basename "$(dirname "$pgbin")")" main start
su postgres -c "createdb bench && $pgbin/pgbench -q -i -s 1 bench" > /dev/null 2>&1
su postgres -c "$pgbin/pgbench -n -S -c $clients -j $clients -t 20 bench" > /dev/null   # warm-up
mtrace-ctl on postgres
su postgres -c "$pgbin/pgbench -n -S -c $clients -j $clients -t $tx bench" > /tmp/pgbench.txt
mtrace-ctl off postgres
mtrace-ctl ops $((tx * clients))
grep -E 'number of transactions actually processed|tps' /tmp/pgbench.txt | sed 's/^/postgres: /'
