package org.mtrace.bench;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.mtrace.mscan.engine.Diagnostics;
import org.mtrace.mscan.labels.LabelMaps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Retained heap per live label: the label maps after adding N heap labels (none freed), as a log
 * that allocates and never frees leaves them. Heap in use after a full collection before and after,
 * divided by N; names are fresh String copies per label, as the log decoder hands them out.
 */
@Command(name = "labels", mixinStandardHelpOptions = true,
        description = "Bytes of heap per live label in mscan's label maps (N heap labels, none freed).")
final class LabelHeapBench implements Callable<Integer> {
    private static final String[] NAMES = {"dentry", "kmalloc-64", "inode_cache", "filp", "pages", "task_struct"};

    @Option(names = "--count", paramLabel = "N", defaultValue = "2000000",
            description = "live labels to add (default: ${DEFAULT-VALUE})")
    private int count;

    @Override
    public Integer call() {
        HeapWatch heap = new HeapWatch();
        heap.start();
        long before = heap.liveHeap();
        LabelMaps maps = new LabelMaps(Diagnostics.STDERR);
        for (int i = 0; i < count; i++) {
            String name = new String(NAMES[i % NAMES.length].toCharArray()); // a fresh copy per label
            maps.add(LabelMaps.HEAP, name, 0xffff888000000000L + 64L * i, 48 + (i & 15), 0xffffffff81000000L + (i % 97) * 16);
        }
        long after = heap.liveHeap();
        System.out.printf(Locale.ROOT, "labels: %d live, %d bytes retained, %.1f bytes per live label (%d objects in maps)%n",
                count, after - before, (after - before) / (double) count, maps.size());
        return 0;
    }
}
