package org.mtrace.synth.workload;

import org.mtrace.synth.encode.FixedString;
import org.mtrace.synth.kernel.KernelData;
import org.mtrace.synth.kernel.KernelText;
import org.mtrace.synth.kernel.KernelTypes;
import org.mtrace.synth.kernel.StructType.Field;
import org.mtrace.synth.recorder.Recorder;

import static org.mtrace.synth.kernel.KernelText.GENERIC_FILLATTR;
import static org.mtrace.synth.kernel.KernelText.PATH_LOOKUPAT;
import static org.mtrace.synth.kernel.KernelText.SYS_NEWSTAT;

/**
 * Read-mostly data: stat walks a path of RCU-managed dentries (declared with
 * gc entries) inside an RCU read-side epoch (which, to keep check-gc quiet about
 * referenced dentries, also covers the final dput), reads the inodes and
 * {@code jiffies}. As in Linux, only the final dentry's reference count
 * ({@code d_lockref}, on the dentry's second line) is written (dget/dput);
 * the lines the walk reads stay read-only. Only the timer tick on CPU 0 writes {@code jiffies}
 * ({@link TimerInterrupt}). One walk in {@value #FORGOTTEN_EPOCH_ONE_IN}
 * forgets rcu_read_lock, an injected bug for check-gc to find.
 */
final class ReadMostlyPattern implements Pattern {
    static final int FORGOTTEN_EPOCH_ONE_IN = 64;
    private static final Syscall STAT = new Syscall(SYS_NEWSTAT);
    private static final String[] DIRS = {"usr", "etc", "tmp"};
    private static final String[] FILES = {"passwd", "hosts", "libc.so.6"};
    private static final Field D_SEQ = KernelTypes.DENTRY.field("d_seq");
    private static final Field D_NAME = KernelTypes.DENTRY.field("d_name");
    private static final Field D_INODE = KernelTypes.DENTRY.field("d_inode");
    private static final Field D_HASH = KernelTypes.DENTRY.field("d_hash");
    private static final Field D_LOCKREF = KernelTypes.DENTRY.field("d_lockref");
    private static final Field I_MODE = KernelTypes.INODE.field("i_mode");
    private static final Field I_SIZE = KernelTypes.INODE.field("i_size");
    private static final Field I_MTIME = KernelTypes.INODE.field("i_mtime");
    private static final Field I_INO = KernelTypes.INODE.field("i_ino");

    /** Per path (leaf): the dentries from the root down, and their inodes. */
    private final long[][] dentries;
    private final long[][] inodes;
    private final FixedString[] pathNames;

    ReadMostlyPattern(World world) {
        long[] root = newDentry(world);
        int paths = DIRS.length * FILES.length;
        dentries = new long[paths][];
        inodes = new long[paths][];
        pathNames = new FixedString[paths];
        for (int d = 0; d < DIRS.length; d++) {
            long[] dir = newDentry(world);
            for (int f = 0; f < FILES.length; f++) {
                long[] leaf = newDentry(world);
                int p = d * FILES.length + f;
                dentries[p] = new long[] {root[0], dir[0], leaf[0]};
                inodes[p] = new long[] {root[1], dir[1], leaf[1]};
                pathNames[p] = FixedString.name("path:/" + DIRS[d] + "/" + FILES[f]);
            }
        }
    }

    /** Allocates a dentry and its inode; declares the dentry RCU-managed. Returns {dentry, inode}. */
    private static long[] newDentry(World world) {
        long dentry = world.bootAllocate(KernelTypes.DENTRY, KernelText.D_ALLOC.at(0x31));
        long inode = world.bootAllocate(KernelTypes.INODE, KernelText.ALLOC_INODE.at(0x2c));
        Recorder rec = world.recorder();
        rec.gc(World.BOOT_CPU, dentry, KernelTypes.DENTRY.size(), KernelTypes.DENTRY.label(), false);
        return new long[] {dentry, inode};
    }

    @Override
    public void run(Operation op) {
        int p = op.rng().nextInt(dentries.length);
        boolean epoch = op.rng().nextInt(FORGOTTEN_EPOCH_ONE_IN) != 0;
        op.begin(STAT);
        op.avar(false, pathNames[p]);
        op.call(SYS_NEWSTAT, 0x3f, PATH_LOOKUPAT);
        if (epoch) {
            op.rcuEpoch(true);
        }
        long[] chain = dentries[p];
        for (int i = 0; i < chain.length; i++) {
            op.load(PATH_LOOKUPAT, 0x51, chain[i], D_HASH);
            op.load(PATH_LOOKUPAT, 0x5d, chain[i], D_SEQ);
            op.load(PATH_LOOKUPAT, 0x66, chain[i], D_NAME);
            op.load(PATH_LOOKUPAT, 0x72, chain[i], D_INODE);
            op.load(PATH_LOOKUPAT, 0x7e, inodes[p][i], I_MODE);
            op.work(40);
        }
        long leaf = chain[chain.length - 1];
        op.atomicUpdate(PATH_LOOKUPAT, 0x93, leaf, D_LOCKREF);
        op.ret();
        long inode = inodes[p][chain.length - 1];
        op.call(SYS_NEWSTAT, 0x58, GENERIC_FILLATTR);
        op.load(GENERIC_FILLATTR, 0x0b, inode, I_INO);
        op.load(GENERIC_FILLATTR, 0x17, inode, I_SIZE);
        op.load(GENERIC_FILLATTR, 0x22, inode, I_MTIME);
        op.load(GENERIC_FILLATTR, 0x2f, KernelData.JIFFIES.addr(), 8);
        op.ret();
        op.atomicUpdate(SYS_NEWSTAT, 0x71, leaf, D_LOCKREF);
        if (epoch) {
            op.rcuEpoch(false);
        }
    }
}
