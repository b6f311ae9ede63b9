# MOSBENCH Apache: apache2 (Debian's event MPM) serving one static file over TCP loopback to
# ab (apache2-utils) with CONCURRENCY clients: accept, socket buffers, sendfile from the page
# cache, the access log written by every request.  A first round of requests runs outside the
# recording.  Environment: REQUESTS (default 200), CONCURRENCY (default: 2 x the CPU count).
set -e
requests=${REQUESTS:-200}
conc=${CONCURRENCY:-$(( $(nproc) * 2 ))}
head -c 4096 /dev/zero | tr '\0' 'x' > /var/www/html/static.html
mkdir -p /run/apache2 /run/lock/apache2
apache2ctl start
i=0; while ! ab -q -n 1 http://127.0.0.1/static.html >/dev/null 2>&1; do i=$((i + 1)); [ $i -lt 100 ] || exit 1; sleep 0.2; done
ab -q -n 50 -c "$conc" http://127.0.0.1/static.html > /dev/null   # warm-up
mtrace-ctl on apache
ab -q -n "$requests" -c "$conc" http://127.0.0.1/static.html > /tmp/ab.txt
mtrace-ctl off apache
mtrace-ctl ops "$requests"
grep -E 'Complete requests|Failed requests|Requests per second|Time taken' /tmp/ab.txt | sed 's/^/apache: /'
apache2ctl stop || true
