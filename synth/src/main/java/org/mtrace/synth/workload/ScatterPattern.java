package org.mtrace.synth.workload;

import java.util.List;
import java.util.SplittableRandom;
import org.mtrace.synth.kernel.MemoryMap;
import org.mtrace.synth.kernel.StructType;

import static org.mtrace.synth.kernel.KernelText.SYS_IOCTL;

/**
 * The long tail of a real kernel's memory traffic, which the other patterns (a few hundred hot
 * lines) lack: each call touches 8–32 places in a working set of shared lines ({@value #LINES},
 * 32 MiB, for {@code scatter}; {@value #HOT_LINES}, 128 KiB, for {@code hot-scatter}, the shape of
 * the independent 50 M-entry log of issue 12) whose popularity is Zipf-skewed (s = 1: the top 1 % of lines take about 65 % of the
 * accesses, the top 10 % about 85 %, as in recorded Debian 6.1/6.12 kernels, see docs/synth.md),
 * at every byte offset (widths 1, 2, 4 and 8, naturally aligned), from 4,096 Zipf-skewed PCs;
 * a quarter of the accesses go to the CPU's own private lines (per-CPU data no other CPU
 * touches); and two {@value #OBJECT_BYTES}-byte objects are allocated in the working set (heap
 * labels) per call and, once {@value #LIVE_OBJECTS} (at most 30 % of the working set's object slots)
 * are live, as many random ones freed, so a label changes every 7 accesses or so, as in recorded
 * kernels.
 */
final class ScatterPattern implements Pattern {
    static final int LINES = 1 << 19;
    static final int HOT_LINES = 1 << 11;
    /** Per CPU, {@code hot-scatter-private}'s private bytes (fewer where the CPUs' regions would not fit). */
    static final long WIDE_PRIVATE_BYTES = 4L << 20;
    private static final int SITES = 4096;
    private static final int OBJECT_BYTES = 192;
    private static final int LIVE_OBJECTS = 50_000;
    private static final StructType OBJECT = new StructType("kmalloc-192", OBJECT_BYTES, List.of());
    private static final Syscall IOCTL = new Syscall(SYS_IOCTL);
    /** Odd, so rank → line is a permutation of the working set's lines: hot lines are spread over the region. */
    private static final int SPREAD = 0x9e3779b1;

    private final int lines;
    private final long shared;
    /** Per CPU: private lines (each CPU's region that long, one after another), and whether their popularity is even (else Zipf). */
    private final int privateLines;
    private final boolean evenPrivate;
    private final int objectSlots;
    private final int[] live;
    private final boolean[] occupied;
    private int liveCount;

    /**
     * {@code lines} (a power of two) shared lines from physical address {@code phys}, and
     * {@code privateBytes} of private data per CPU, Zipf-skewed or {@code evenPrivate}.
     */
    private ScatterPattern(int lines, long phys, long privateBytes, boolean evenPrivate) {
        this.lines = lines;
        this.shared = MemoryMap.directMap(phys);
        this.privateLines = (int) (privateBytes / 64);
        this.evenPrivate = evenPrivate;
        this.objectSlots = lines * 64 / OBJECT_BYTES;
        this.live = new int[Math.min(LIVE_OBJECTS, objectSlots * 3 / 10)];
        this.occupied = new boolean[objectSlots];
    }

    /** {@code scatter}: half a million lines, as a long recording of a big workload touches. */
    static ScatterPattern wide(World world) {
        return new ScatterPattern(LINES, MemoryMap.SCATTER_PHYS, MemoryMap.PRIVATE_BYTES, false);
    }

    /** {@code hot-scatter}: two thousand lines, each hit often, at every byte offset. */
    static ScatterPattern hot(World world) {
        return new ScatterPattern(HOT_LINES, MemoryMap.HOT_SCATTER_PHYS, MemoryMap.PRIVATE_BYTES, false);
    }

    /**
     * {@code hot-scatter-private}: {@code hot-scatter} whose private accesses go evenly to any
     * line of {@value #WIDE_PRIVATE_BYTES} bytes per CPU (with more than 64 CPUs, the private
     * region's share of each), so that nearly every private access is to an address not seen before.
     */
    static ScatterPattern hotPrivate(World world) {
        long perCpu = Math.min(WIDE_PRIVATE_BYTES, Long.highestOneBit(MemoryMap.PRIVATE_REGION / world.cpus()));
        return new ScatterPattern(HOT_LINES, MemoryMap.HOT_SCATTER_PHYS, perCpu, true);
    }

    @Override
    public void run(Operation op) {
        op.begin(IOCTL);
        SplittableRandom rng = op.rng();
        churnLabels(op, rng);
        churnLabels(op, rng);
        for (int i = 8 + rng.nextInt(25); i > 0; i--) {
            long line;
            if (rng.nextInt(4) == 0) {
                line = MemoryMap.directMap(MemoryMap.PRIVATE_PHYS + 64L * op.cpu() * privateLines)
                        + 64L * (evenPrivate ? rng.nextInt(privateLines) : zipf(rng, privateLines));
            } else {
                line = shared + 64L * ((zipf(rng, lines) * SPREAD) & (lines - 1));
            }
            int width = 1 << rng.nextInt(4);
            long addr = line + (rng.nextInt(64) & -width);
            int site = 16 * zipf(rng, SITES);
            if (rng.nextInt(3) == 0) {
                op.store(SYS_IOCTL, site, addr, width);
            } else {
                op.load(SYS_IOCTL, site, addr, width);
            }
        }
        op.work(40);
    }

    /** One allocation, and one free once the working set holds its share of objects. */
    private void churnLabels(Operation op, SplittableRandom rng) {
        if (liveCount == live.length) {
            int i = rng.nextInt(liveCount);
            int slot = live[i];
            live[i] = live[--liveCount];
            occupied[slot] = false;
            op.freed(OBJECT, shared + (long) slot * OBJECT_BYTES, SYS_IOCTL.at(0x10));
        }
        int slot;
        do { // at most 30 % of the slots are taken: a few tries at most
            slot = rng.nextInt(objectSlots);
        } while (occupied[slot]);
        occupied[slot] = true;
        live[liveCount++] = slot;
        op.allocated(OBJECT, shared + (long) slot * OBJECT_BYTES, SYS_IOCTL.at(0x08));
    }

    /** A rank in [0, n) with P(rank < k) ≈ ln(k + 1) / ln(n + 1): Zipf with s = 1, by inversion. */
    private static int zipf(SplittableRandom rng, int n) {
        int r = (int) Math.exp(rng.nextDouble() * Math.log(n + 1.0)) - 1;
        return Math.min(r, n - 1);
    }
}
