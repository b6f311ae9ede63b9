package org.mtrace.synth.kernel;

import java.util.List;

/**
 * The per-CPU data areas: every CPU has one copy of each per-CPU variable at
 * the same offset inside its own area. The areas are {@link #STRIDE} apart in
 * the direct map, so different CPUs' copies never share a cache line.
 */
public final class PerCpuArea {
    /** Bytes per CPU area (the segment entry's end - base). */
    public static final long STRIDE = 0x8000;

    /** A per-CPU variable: offset in the area and size. */
    public record Variable(String name, int offset, int size) {
    }

    public static final Variable CURRENT_TASK = new Variable("current_task", 0x0, 8);
    public static final Variable CPU_NUMBER = new Variable("cpu_number", 0x8, 4);
    public static final Variable IRQ_STAT = new Variable("irq_stat", 0x40, 64);
    public static final Variable VM_EVENT_STATES = new Variable("vm_event_states", 0x100, 128);
    public static final Variable RUNQUEUES = new Variable("runqueues", 0x400, 512);

    public static final List<Variable> ALL = List.of(CURRENT_TASK, CPU_NUMBER, IRQ_STAT, VM_EVENT_STATES, RUNQUEUES);

    private PerCpuArea() {
    }

    /** First byte of {@code cpu}'s area. */
    public static long base(int cpu) {
        return MemoryMap.directMap(MemoryMap.PERCPU_PHYS + cpu * STRIDE);
    }

    /** Address of {@code cpu}'s copy of {@code v}. */
    public static long address(int cpu, Variable v) {
        return base(cpu) + v.offset();
    }
}
