package org.mtrace.mscan.report;

import org.mtrace.mscan.engine.AnalysisException;
import org.mtrace.mscan.kernel.KernelLayout;
import org.mtrace.mscan.lines.LineCore;
import org.mtrace.mscan.lines.LineSize;
import org.mtrace.mscan.lines.TransferModel;

/**
 * The report's counting side: runs accesses through the transfer model and counts each transfer
 * the filters admit in the {@link LineCore}, with its object (numbered by its first transfer in
 * the {@link ObjectRegistry}), in the timeline and in the totals. One thread at a time uses it:
 * the counting thread for chunks of accesses ({@link #apply}), the pass's thread for an access
 * applied as it is read ({@link #count}) once the counting thread is idle
 * ({@link ApplyingThread#drain}).
 */
final class TransferCounter {
    private final LineCore core;
    private final ObjectRegistry objects = new ObjectRegistry();
    private final Timeline timeline = new Timeline(TransferModel.MAX_CPUS);
    private final SiteStacks stacks;
    private final UserPrograms programs = new UserPrograms();
    // per CPU, the object of its last transfer: runs of transfers into one object skip the
    // registry, whose table of hundreds of thousands of objects misses the CPU caches
    private final int[] lastObject = new int[TransferModel.MAX_CPUS];
    private final int[] lastKind = new int[TransferModel.MAX_CPUS];
    private final long[] lastStart = new long[TransferModel.MAX_CPUS];
    private final int[] lastShape = new int[TransferModel.MAX_CPUS];
    long transfers;
    long userTransfers;
    /** Transfers on tasks' stacks. */
    final StackTransfers stackTransfers = new StackTransfers();

    /** A counter with lines of {@code lineSize}, keeping at most {@code stackTuples} call-stack tuples in a table. */
    TransferCounter(LineSize lineSize, int stackTuples) {
        this.core = new LineCore(lineSize);
        this.stacks = new SiteStacks(stackTuples, SiteStacks.SPILLED);
    }

    LineCore core() {
        return core;
    }

    ObjectRegistry objects() {
        return objects;
    }

    Timeline timeline() {
        return timeline;
    }

    SiteStacks stacks() {
        return stacks;
    }

    UserPrograms programs() {
        return programs;
    }

    /**
     * Applies a chunk in order: the model, then the core for each count whose line moved and that
     * the filters admit. The table slots of each run of {@link PendingTransfers#TOUCH_AHEAD}
     * accesses are read ahead together (on a real recording each access probes tables of millions
     * of slots, and probed one at a time each probe waits for memory). After a fault the rest of
     * the chunk is dropped, as the accesses after a fault are; the fault is thrown. Returns what
     * the read-ahead read, for the caller to keep.
     */
    long apply(PendingTransfers chunk) {
        TransferModel model = core.model();
        ObjectLabel label = chunk.label;
        int n = chunk.size();
        int moved = 0;
        int lines = 0; // what the model said of the record's access
        long touched = 0;
        for (int from = 0; from < n; from += PendingTransfers.TOUCH_AHEAD) {
            int to = Math.min(n, from + PendingTransfers.TOUCH_AHEAD);
            touched += chunk.touch(from, to, model, core);
            for (int i = from; i < to; i++) {
                int cpuAndStore = chunk.cpuAndStore[i];
                int cpu = PendingTransfers.cpu(cpuAndStore);
                boolean store = PendingTransfers.store(cpuAndStore);
                int line;
                if (chunk.part[i] == PendingTransfers.SECOND) {
                    line = TransferModel.LAST_LINE; // the straddling access before it was applied
                } else {
                    lines = model.accessLines(chunk.hostAddr[i], chunk.bytes[i], cpu, store);
                    moved += lines != 0 ? 1 : 0;
                    line = TransferModel.FIRST_LINE;
                }
                if (!chunk.admitted[i]) {
                    continue; // the filters leave it out
                }
                if ((lines & line) == 0) {
                    if (lines == 0) { // an access that moved no line: its bytes only
                        core.still(chunk.addr[i], chunk.countBytes[i], cpu, store);
                    }
                    continue;
                }
                count(chunk.addr[i], chunk.countBytes[i], cpu, store, chunk.pc[i], chunk.syscallPc[i], chunk.context[i],
                        chunk.stack[i], chunk.program[i], label, i, chunk.entry[i], chunk.streamOffset[i]);
            }
        }
        chunk.moved = moved;
        return touched;
    }

    /**
     * Counts one transfer of {@code bytes} at {@code addr} by {@code cpu} in the object entry
     * {@code i} of {@code label} names (none if {@code label} is null), numbering the object if
     * this is its first transfer; {@code context} is the number the pass gave its context
     * ({@link org.mtrace.mscan.lines.ContextSightings}; -1: none), {@code stack} its call stack's
     * ({@link CallStackIds}; 0: none), {@code program} the name of the thread that made it if user code
     * made it ({@link UserPrograms}; null: kernel code, or unknown).
     */
    void count(long addr, int bytes, int cpu, boolean store, long pc, long syscallPc, int context, int stack,
            String program, ObjectLabel label, int i, long entry, long streamOffset) {
        int object = 0;
        int shape = 0;
        int kind = label == null ? ObjectLabel.NONE : label.kind[i];
        if (kind != ObjectLabel.NONE) {
            long start = label.start[i];
            if (lastObject[cpu] != 0 && lastStart[cpu] == start && lastKind[cpu] == kind) {
                object = lastObject[cpu];
            } else {
                object = objects.register(kind, start, label.name[i], label.type[i], label.allocPc[i], label.bytes[i]);
                lastObject[cpu] = object;
                lastKind[cpu] = kind;
                lastStart[cpu] = start;
                lastShape[cpu] = objects.registeredShape();
            }
            shape = lastShape[cpu];
            stackTransfers.count(label.name[i], label.stackUse[i]);
        }
        transfers++;
        if (program != null) {
            programs.ran(cpu, pc, program);
        }
        if (KernelLayout.isUser(addr)) {
            userTransfers++;
        }
        timeline.count(cpu, entry);
        try {
            int line = core.count(addr, bytes, cpu, store, pc, syscallPc, shape, object, context);
            if (stack != 0) {
                stacks.count(line, core.lineSize().offsetOf(addr), bytes, pc, stack);
            }
        } catch (IllegalStateException x) {
            throw new AnalysisException("the access entry " + entry + " at byte offset " + streamOffset + ": "
                    + x.getMessage() + " for the report's keys");
        }
    }

    long stateBytes() {
        return core.stateBytes() + objects.stateBytes() + stacks.stateBytes();
    }
}
