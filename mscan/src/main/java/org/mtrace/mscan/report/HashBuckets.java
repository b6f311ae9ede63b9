package org.mtrace.mscan.report;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.mtrace.mscan.kernel.KernelInfo;
import org.mtrace.mscan.kernel.RegionLabel;

/**
 * The buckets of the kernel's boot-time hash tables ({@code hash table TCP bind}, which the recorder
 * labels by the name {@code alloc_large_system_hash} is given): an array of the type the global that
 * keeps the table points to ({@link KernelInfo#hashTableBucket}: {@code inet_bind_hashbucket}), so an
 * address there is a bucket's field, where its accesses placed only the pieces (a lock, a list head).
 * Asked once per table name.
 */
final class HashBuckets {
    /** A table's bucket type, as the report names types (no {@code struct}), and its size. */
    record Layout(String type, long size) {
    }

    private static final Layout NONE = new Layout("", 0);

    private final KernelInfo kernel;
    private final Map<String, Layout> byLabel = new HashMap<>();

    HashBuckets(KernelInfo kernel) {
        this.kernel = kernel;
    }

    /**
     * The buckets of the table an object of shape {@code shape} (null: unlabelled) named
     * {@code labelName} is, or null (another label, or the image does not say). Asked per key: a shape
     * that is no hash table's answers without a lookup by name.
     */
    Layout of(Shape shape, String labelName) {
        if (shape == null || !RegionLabel.isHashTable(shape.purpose())) {
            return null;
        }
        Layout l = byLabel.computeIfAbsent(labelName, this::find);
        return l == NONE ? null : l;
    }

    private Layout find(String labelName) {
        String table = RegionLabel.hashTable(labelName);
        String type = table == null || !kernel.isImage() ? null : kernel.hashTableBucket(table);
        if (type == null) {
            return NONE;
        }
        String name = KernelInfo.untagged(type);
        OptionalLong size = kernel.typeSize(name);
        return size.isPresent() && size.getAsLong() > 0 ? new Layout(name, size.getAsLong()) : NONE;
    }
}
