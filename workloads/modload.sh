# Kernel-module attribution test (docs/recorder.md "Kernel modules"): loads binfmt_misc.ko, which
# bin/mtrace-record --add=binfmt_misc.ko put in /bin (a module without dependencies), and runs its
# code: mounting its file system, registering, reading and removing a format, and running programs
# (every exec asks binfmt_misc's load_misc_binary while a format is registered).
insmod /bin/binfmt_misc.ko || exit 1
mkdir -p /tmp/bm
mount -t binfmt_misc none /tmp/bm || exit 1
echo ':mtr:E::mtr::/bin/sh:' > /tmp/bm/register || exit 1
cat /tmp/bm/status /tmp/bm/mtr
i=0
while [ $i -lt ${ITER:-20} ]; do /bin/true; i=$((i+1)); done
echo -1 > /tmp/bm/mtr
umount /tmp/bm
