# MOSBENCH memcached: one memcached with a worker thread per CPU, loaded over TCP loopback by
# mcload (workloads/mosbench/src/mcload.c) with CONNS connections on each of THREADS client
# threads: socket buffers (struct sk_buff), TCP and the loopback device, epoll, and memcached's
# own item locks.  Keys are stored (set) and the first gets made outside the recording.
# Environment: REQUESTS per client thread (default 400), CONNS (default 4), KEYS (default 200),
# THREADS (default: the CPU count).
set -e
requests=${REQUESTS:-400}
conns=${CONNS:-4}
keys=${KEYS:-200}
threads=${THREADS:-$(nproc)}
memcached -u nobody -t "$(nproc)" -m 64 -p 11211 -U 0 -l 127.0.0.1 -d -P /tmp/memcached.pid
i=0; while ! mcload 127.0.0.1 11211 1 1 get 1 0 >/dev/null 2>&1; do i=$((i + 1)); [ $i -lt 100 ] || exit 1; sleep 0.1; done
mcload 127.0.0.1 11211 "$threads" "$conns" set "$keys" 0
mcload 127.0.0.1 11211 "$threads" "$conns" get "$keys" 50 > /dev/null   # warm-up
mtrace-ctl on memcached
mcload 127.0.0.1 11211 "$threads" "$conns" get "$keys" "$requests"
mtrace-ctl off memcached
mtrace-ctl ops $((requests * threads))
kill "$(cat /tmp/memcached.pid)"
