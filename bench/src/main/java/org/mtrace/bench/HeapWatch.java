package org.mtrace.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Peak heap use, CPU time and this thread's allocation during an in-process run. */
final class HeapWatch {
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long allocatedAtStart;
    private long cpuAtStart;
    private long threadCpuAtStart;

    void start() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        allocatedAtStart = threads.getCurrentThreadAllocatedBytes();
        cpuAtStart = os.getProcessCpuTime();
        threadCpuAtStart = threads.getCurrentThreadCpuTime();
    }

    /** CPU seconds of the calling thread since {@link #start()}. */
    double threadCpuSeconds() {
        return (threads.getCurrentThreadCpuTime() - threadCpuAtStart) / 1e9;
    }

    /** CPU seconds of the whole process (all threads, GC included) since {@link #start()}. */
    double cpuSeconds() {
        return (os.getProcessCpuTime() - cpuAtStart) / 1e9;
    }

    /** Bytes this thread allocated since {@link #start()}. */
    long allocated() {
        return threads.getCurrentThreadAllocatedBytes() - allocatedAtStart;
    }

    /** Heap in use after a full collection: what is still referenced now. */
    long liveHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Sum of the heap pools' peak use since {@link #start()}. */
    long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
