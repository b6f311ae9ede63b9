# Makes the guest swap (docs/recorder.md "Page faults and swap"): a zram swap device
# and a memory cgroup smaller than what swaptouch touches.  Needs, copied into /bin with
# mtrace-record --add (scripts/swap-e2e.sh does it): swaptouch (static, from
# workloads/swaptouch.c) and the kernel's zsmalloc.ko and zram.ko, plus what zram needs
# for its default compressor (6.1: lzo-rle.ko; 6.12: lz4_compress.ko, lz4hc_compress.ko,
# which zram.ko depends on, modules.dep / modinfo depends=).
# MB (default 24) MiB touched, LIMIT (default 12M) memory.max, PASSES (default 2) read passes.
# Prints pgfault, pgmajfault, pswpin and pswpout of /proc/vmstat before and after the
# recorded part, and their differences ("vmstat-delta NAME N"), to compare with the log.
mb=${MB:-24}
limit=${LIMIT:-12M}
passes=${PASSES:-2}
for m in zsmalloc lzo-rle lz4_compress lz4hc_compress zram; do
  [ -f /bin/$m.ko ] && { insmod /bin/$m.ko || echo "swap.sh: insmod $m.ko failed"; }
done
[ -e /sys/block/zram0 ] || { echo "swap.sh: no zram0 (add zram.ko and its dependencies)"; exit 1; }
echo 128M > /sys/block/zram0/disksize
mkswap /dev/zram0 > /dev/null && swapon /dev/zram0 || { echo "swap.sh: swapon failed"; exit 1; }
mkdir -p /sys/fs/cgroup
mount -t cgroup2 none /sys/fs/cgroup || { echo "swap.sh: no cgroup2"; exit 1; }
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir /sys/fs/cgroup/swap
echo "$limit" > /sys/fs/cgroup/swap/memory.max
vm() { while read -r k v; do case $k in pgfault|pgmajfault|pswpin|pswpout) echo "vmstat-$1 $k $v" ;; esac; done < /proc/vmstat; }
vm before > /tmp/before
# the recorded part: this shell joins the cgroup, so swaptouch (and mtrace-ctl) run inside it
echo $$ > /sys/fs/cgroup/swap/cgroup.procs
mtrace-ctl on swap
swaptouch "$mb" "$passes"
rc=$?
mtrace-ctl off swap
echo $$ > /sys/fs/cgroup/cgroup.procs
vm after > /tmp/after
cat /tmp/before /tmp/after
while read -r _ k b; do
  while read -r _ k2 a; do [ "$k" = "$k2" ] && echo "vmstat-delta $k $((a - b))"; done < /tmp/after
done < /tmp/before
swapoff /dev/zram0
exit $rc
