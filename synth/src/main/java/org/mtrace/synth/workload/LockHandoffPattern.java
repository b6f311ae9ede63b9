package org.mtrace.synth.workload;

import org.mtrace.synth.encode.FixedString;
import org.mtrace.synth.kernel.KernelData;
import org.mtrace.synth.kernel.KernelTypes;
import org.mtrace.synth.kernel.StructType.Field;

import static org.mtrace.synth.kernel.KernelText.SYS_FSYNC;
import static org.mtrace.synth.kernel.KernelText.SYS_RENAME;

/**
 * Lock handoff: rename takes the global {@code rename_lock} (a seqlock: the
 * spinlock word and the sequence count share a line), fsync takes the hot
 * inode's {@code i_lock}. Each acquisition on a new CPU moves the lock's line
 * and the data it protects. Lock entries bracket every critical section.
 */
final class LockHandoffPattern implements Pattern {
    private static final Syscall RENAME = new Syscall(SYS_RENAME);
    private static final Syscall FSYNC = new Syscall(SYS_FSYNC);
    private static final FixedString RENAME_LOCK_NAME = FixedString.terminated("rename_lock");
    private static final FixedString I_LOCK_NAME = FixedString.terminated("&inode->i_lock");
    private static final FixedString DIRECTORY = FixedString.name("dir:/tmp");
    /** The seqlock's spinlock follows its 4-byte sequence count. */
    private static final int SEQLOCK_LOCK = 4;
    private static final Field I_LOCK = KernelTypes.INODE.field("i_lock");
    private static final Field I_STATE = KernelTypes.INODE.field("i_state");
    private static final Field I_MTIME = KernelTypes.INODE.field("i_mtime");
    private static final Field I_CTIME = KernelTypes.INODE.field("i_ctime");

    private final long inode;
    private final FixedString inodeState;

    LockHandoffPattern(World world) {
        inode = world.hotInode();
        inodeState = FixedString.name("inode:" + Long.toHexString(inode) + ":state");
    }

    @Override
    public void run(Operation op) {
        if (op.rng().nextBoolean()) {
            rename(op);
        } else {
            fsync(op);
        }
    }

    private void rename(Operation op) {
        long seq = KernelData.RENAME_LOCK.addr();
        long lock = seq + SEQLOCK_LOCK;
        op.begin(RENAME);
        op.avar(true, DIRECTORY);
        op.work(200);
        op.lock(SYS_RENAME, 0x120, lock, RENAME_LOCK_NAME);
        op.update(SYS_RENAME, 0x12d, seq, 4);
        op.store(SYS_RENAME, 0x140, inode, I_MTIME);
        op.store(SYS_RENAME, 0x14b, inode, I_CTIME);
        op.update(SYS_RENAME, 0x158, seq, 4);
        op.unlock(SYS_RENAME, 0x160, lock, RENAME_LOCK_NAME);
    }

    private void fsync(Operation op) {
        long lock = inode + I_LOCK.offset();
        op.begin(FSYNC);
        op.avar(true, inodeState);
        op.work(80);
        op.lock(SYS_FSYNC, 0x44, lock, I_LOCK_NAME);
        op.load(SYS_FSYNC, 0x51, inode, I_STATE);
        op.store(SYS_FSYNC, 0x5c, inode, I_STATE);
        op.unlock(SYS_FSYNC, 0x66, lock, I_LOCK_NAME);
    }
}
