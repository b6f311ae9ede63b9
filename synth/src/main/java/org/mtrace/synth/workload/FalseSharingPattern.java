package org.mtrace.synth.workload;

import org.mtrace.synth.encode.FixedString;
import org.mtrace.synth.kernel.KernelFunction;
import org.mtrace.synth.kernel.KernelText;
import org.mtrace.synth.kernel.KernelTypes;
import org.mtrace.synth.kernel.StructType.Field;

import static org.mtrace.synth.kernel.KernelText.SYS_READ;
import static org.mtrace.synth.kernel.KernelText.SYS_WRITE;
import static org.mtrace.synth.kernel.KernelText.VFS_READ;
import static org.mtrace.synth.kernel.KernelText.VFS_WRITE;

/**
 * False sharing, two ways. Every CPU owns a 16-byte {@code counter} statistics
 * object, but the objects are packed four to a cache line, so CPUs write
 * different objects on one line. And read and write touch neighbouring fields
 * of the hot inode: write updates {@code i_size}/{@code i_mtime}, read updates
 * {@code i_atime}, all within bytes 64..127 of the inode.
 */
final class FalseSharingPattern implements Pattern {
    private static final Syscall READ = new Syscall(SYS_READ);
    private static final Syscall WRITE = new Syscall(SYS_WRITE);
    private static final Field VALUE = KernelTypes.COUNTER.field("value");
    private static final Field I_SIZE = KernelTypes.INODE.field("i_size");
    private static final Field I_MTIME = KernelTypes.INODE.field("i_mtime");
    private static final Field I_ATIME = KernelTypes.INODE.field("i_atime");

    private final long[] counters;
    private final long inode;
    private final FixedString[] statNames;
    private final FixedString data;

    FalseSharingPattern(World world) {
        int cpus = world.cpus();
        counters = new long[cpus];
        statNames = new FixedString[cpus];
        for (int c = 0; c < cpus; c++) {
            counters[c] = world.bootAllocate(KernelTypes.COUNTER, KernelText.STAT_COUNTER_ALLOC.at(0x3b));
            statNames[c] = FixedString.name("stat:cpu" + c);
        }
        inode = world.hotInode();
        data = FixedString.name("inode:" + Long.toHexString(inode) + ":data");
    }

    @Override
    public void run(Operation op) {
        if (op.rng().nextBoolean()) {
            transfer(op, WRITE, VFS_WRITE, true);
            op.store(VFS_WRITE, 0xb1, inode, I_SIZE);
            op.store(VFS_WRITE, 0xbc, inode, I_MTIME);
        } else {
            transfer(op, READ, VFS_READ, false);
            op.store(VFS_READ, 0xa3, inode, I_ATIME);
        }
        op.ret();
    }

    /** The common part of read and write: the CPU's own statistics counter and the size check. */
    private void transfer(Operation op, Syscall syscall, KernelFunction vfs, boolean write) {
        int cpu = op.cpu();
        op.begin(syscall);
        op.avar(true, statNames[cpu]);
        op.avar(write, data);
        op.call(syscall.handler(), 0x5e, vfs);
        op.work(100);
        op.update(vfs, 0x8d, counters[cpu], VALUE);
        op.load(vfs, 0x94, inode, I_SIZE);
    }
}
