# MOSBENCH Exim: SENDERS concurrent senders each submit MESSAGES small messages to Debian's
# exim4 (local delivery only), which spools each one in /var/spool/exim4/input and delivers it
# at once (-odi) into one of USERS mailboxes in /var/mail: fork and exec of exim for every
# message, file creation, rename and unlink in shared spool directories, appends to mailboxes.
# (MOSBENCH sent its messages over SMTP to the exim daemon, which forks per connection; here
# the submission is exim's command line, which execs instead of forking from the daemon.)
# Environment: MESSAGES per sender (default 10), SENDERS (default: the CPU count), USERS (4).
set -e
msgs=${MESSAGES:-10}
senders=${SENDERS:-$(nproc)}
users=${USERS:-4}
u=0; while [ $u -lt "$users" ]; do id "mb$u" >/dev/null 2>&1 || useradd -m "mb$u"; u=$((u + 1)); done
send() { # sender count
  i=0
  while [ $i -lt "$2" ]; do
    printf 'Subject: message %d from %d\n\nMOSBENCH-style message body %d %d.\n' $i "$1" $i "$1" |
      /usr/sbin/exim4 -odi "mb$(( (i + $1) % users ))@localhost"
    i=$((i + 1))
  done
}
send 0 3   # warm-up: exim's binary, configuration and spool directories
mtrace-ctl on exim
t0=$(date +%s%N)
s=0; while [ $s -lt "$senders" ]; do send "$s" "$msgs" & s=$((s + 1)); done
wait
t1=$(date +%s%N)
mtrace-ctl off exim
mtrace-ctl ops $((msgs * senders))
delivered=$(cat /var/mail/mb* 2>/dev/null | grep -c '^Subject: message' || true)
if [ "$delivered" -lt $((msgs * senders)) ]; then   # say why: exim's own logs
  echo "exim: only $delivered messages delivered; exim's logs end with:"
  tail -n 5 /var/log/exim4/mainlog /var/log/exim4/paniclog 2>/dev/null
  exit 1
fi
awk -v n=$((msgs * senders)) -v d="$delivered" -v ns=$((t1 - t0)) 'BEGIN { printf "exim: %d messages submitted, %d in mailboxes (3 of them the warm-up) in %.3f s guest time: %.1f messages/s\n", n, d, ns / 1e9, n / (ns / 1e9) }'
