package org.mtrace.synth.workload;

import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.mtrace.synth.encode.FixedString;
import org.mtrace.synth.kernel.KernelData;
import org.mtrace.synth.kernel.KernelTypes;
import org.mtrace.synth.kernel.SlabCache;
import org.mtrace.synth.kernel.StructType.Field;

import static org.mtrace.synth.kernel.KernelText.ALLOC_EMPTY_FILE;
import static org.mtrace.synth.kernel.KernelText.FPUT;
import static org.mtrace.synth.kernel.KernelText.KMEM_CACHE_ALLOC;
import static org.mtrace.synth.kernel.KernelText.SYS_CLOSE;
import static org.mtrace.synth.kernel.KernelText.SYS_OPEN;

/**
 * True sharing: open and close update the global {@code nr_files} counter and
 * the hot inode's {@code i_count}, so every CPU writes the same addresses.
 * Open allocates a {@code file} (heap label, RCU-declared), close frees one
 * through call_rcu (gc entry, label removal); the slab reuses the address.
 */
final class TrueSharingPattern implements Pattern {
    private static final Syscall OPEN = new Syscall(SYS_OPEN);
    private static final Syscall CLOSE = new Syscall(SYS_CLOSE);
    private static final FixedString DIRECTORY = FixedString.name("dir:/tmp");
    private static final Field I_COUNT = KernelTypes.INODE.field("i_count");
    private static final Field F_COUNT = KernelTypes.FILE.field("f_count");
    private static final Field F_FLAGS = KernelTypes.FILE.field("f_flags");
    private static final Field F_MODE = KernelTypes.FILE.field("f_mode");
    private static final Field F_OP = KernelTypes.FILE.field("f_op");
    private static final Field F_INODE = KernelTypes.FILE.field("f_inode");
    private static final Field F_POS = KernelTypes.FILE.field("f_pos");

    private final SlabCache files;
    private final long inode;
    private final LongArrayList open = new LongArrayList();
    private final int maxOpen;
    private final FixedString[] fdTables;

    TrueSharingPattern(World world) {
        this.files = world.slab(KernelTypes.FILE);
        this.inode = world.hotInode();
        this.maxOpen = 4 * world.cpus();
        GuestThreads threads = world.threads();
        this.fdTables = new FixedString[threads.count()];
        for (int s = 0; s < fdTables.length; s++) {
            fdTables[s] = FixedString.name("fdtable:" + threads.tid(s));
        }
    }

    @Override
    public void run(Operation op) {
        boolean doOpen = open.isEmpty() || (open.size() < maxOpen && op.rng().nextBoolean());
        if (doOpen) {
            open(op);
        } else {
            close(op);
        }
    }

    private void open(Operation op) {
        op.begin(OPEN);
        op.avar(false, DIRECTORY);
        op.avar(true, fdTables[op.thread()]);
        op.work(60);
        op.call(SYS_OPEN, 0x4a, ALLOC_EMPTY_FILE);
        op.call(ALLOC_EMPTY_FILE, 0x1c, KMEM_CACHE_ALLOC);
        long file = files.allocate();
        op.ret();
        op.allocated(KernelTypes.FILE, file, ALLOC_EMPTY_FILE.at(0x21));
        op.gc(KernelTypes.FILE, file, false);
        op.rcuEpoch(true);
        op.store(ALLOC_EMPTY_FILE, 0x2e, file, F_COUNT);
        op.store(ALLOC_EMPTY_FILE, 0x36, file, F_FLAGS);
        op.store(ALLOC_EMPTY_FILE, 0x3d, file, F_MODE);
        op.store(ALLOC_EMPTY_FILE, 0x44, file, F_OP);
        op.store(ALLOC_EMPTY_FILE, 0x4c, file, F_INODE);
        op.store(ALLOC_EMPTY_FILE, 0x53, file, F_POS);
        op.rcuEpoch(false);
        op.atomicUpdate(ALLOC_EMPTY_FILE, 0x60, KernelData.NR_FILES.addr(), 8);
        op.ret();
        op.atomicUpdate(SYS_OPEN, 0x90, inode, I_COUNT);
        open.add(file);
    }

    private void close(Operation op) {
        op.begin(CLOSE);
        op.avar(true, fdTables[op.thread()]);
        int i = op.rng().nextInt(open.size());
        long file = open.get(i);
        open.set(i, open.getLast());
        open.removeAtIndex(open.size() - 1);
        op.work(30);
        op.call(SYS_CLOSE, 0x33, FPUT);
        op.rcuEpoch(true);
        op.atomicUpdate(FPUT, 0x08, file, F_COUNT);
        op.load(FPUT, 0x14, file, F_OP);
        op.load(FPUT, 0x1c, file, F_INODE);
        op.rcuEpoch(false);
        op.atomicUpdate(FPUT, 0x80, KernelData.NR_FILES.addr(), 8);
        op.atomicUpdate(FPUT, 0x94, inode, I_COUNT);
        op.gc(KernelTypes.FILE, file, true);
        op.freed(KernelTypes.FILE, file, FPUT.at(0xa0));
        files.free(file);
        op.ret();
    }
}
