package org.mtrace.synth.kernel;

import java.util.List;
import org.mtrace.synth.kernel.StructType.Field;

/**
 * The scenario kernel's struct types. Offsets and sizes are modelled on a
 * 64-bit Linux 3.x build (trimmed to the fields the patterns use), so that
 * e.g. {@code inode.i_size} and {@code inode.i_atime} share a cache line just
 * as they do in the real kernel.
 */
public final class KernelTypes {
    /** A small refcount/statistics object; four fit in one cache line (kmalloc-16). */
    public static final StructType COUNTER = new StructType("counter", 16, List.of(
            new Field("value", 0, 8),
            new Field("limit", 8, 8)));

    public static final StructType DENTRY = new StructType("dentry", 192, List.of(
            new Field("d_flags", 0, 4),
            new Field("d_seq", 4, 4),
            new Field("d_hash", 8, 8),
            new Field("d_parent", 24, 8),
            new Field("d_name", 32, 8),
            new Field("d_inode", 48, 8),
            new Field("d_iname", 56, 8),
            new Field("d_lockref", 88, 8),
            new Field("d_op", 96, 8),
            new Field("d_sb", 104, 8),
            new Field("d_subdirs", 160, 8)));

    public static final StructType INODE = new StructType("inode", 592, List.of(
            new Field("i_mode", 0, 2),
            new Field("i_flags", 12, 4),
            new Field("i_op", 32, 8),
            new Field("i_sb", 40, 8),
            new Field("i_ino", 64, 8),
            new Field("i_nlink", 72, 4),
            new Field("i_size", 80, 8),
            new Field("i_atime", 88, 8),
            new Field("i_mtime", 104, 8),
            new Field("i_ctime", 120, 8),
            new Field("i_lock", 136, 4),
            new Field("i_state", 152, 8),
            new Field("i_count", 328, 4),
            new Field("i_fop", 352, 8)));

    public static final StructType FILE = new StructType("file", 256, List.of(
            new Field("f_path", 16, 8),
            new Field("f_inode", 32, 8),
            new Field("f_op", 40, 8),
            new Field("f_lock", 48, 4),
            new Field("f_count", 56, 8),
            new Field("f_flags", 64, 4),
            new Field("f_mode", 68, 4),
            new Field("f_pos", 104, 8),
            new Field("f_cred", 144, 8),
            new Field("private_data", 192, 8)));

    public static final StructType TASK_STRUCT = new StructType("task_struct", 1664, List.of(
            new Field("state", 0, 8),
            new Field("stack", 8, 8),
            new Field("flags", 20, 4),
            new Field("on_cpu", 48, 4),
            new Field("prio", 100, 4),
            new Field("mm", 864, 8),
            new Field("pid", 1192, 4),
            new Field("tgid", 1196, 4),
            new Field("comm", 1504, 8),
            new Field("files", 1600, 8)));

    /** Every type, in the order their slab caches are laid out in memory. */
    public static final List<StructType> ALL = List.of(COUNTER, DENTRY, INODE, FILE, TASK_STRUCT);

    private KernelTypes() {
    }
}
