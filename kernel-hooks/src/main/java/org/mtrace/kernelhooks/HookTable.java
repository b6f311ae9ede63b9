package org.mtrace.kernelhooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The recorder plugin's hook table (docs/recorder.md "Hook table"): one {@code KIND NAME VALUE}
 * line per fact, {@code #} comments.  Kinds: {@code func} (entry address of a hooked kernel
 * function), {@code symbol} (variable address), {@code offset} (struct.field byte offset),
 * {@code size} (struct size).  Facts the kernel lacks become comments, so the plugin disables
 * just the hooks that need them.
 */
public record HookTable(List<Line> lines) {
    /** Kernel functions the plugin has handlers for (recorder/src/kernel_hooks.c). */
    public static final List<String> FUNCTIONS = List.of(
            "kmem_cache_alloc", "kmem_cache_alloc_lru", "kmem_cache_alloc_node", "kmalloc_trace",
            "kmalloc_node_trace", "__kmalloc", "__kmalloc_node", "__kmalloc_node_track_caller",
            "kmem_cache_free", "kfree", "kmem_cache_free_bulk", "__alloc_pages", "__free_pages",
            "free_unref_page", "__switch_to", "do_syscall_64", "syscall_exit_to_user_mode",
            "irq_enter_rcu", "irq_exit_rcu", "irq_exit", "do_exit");
    /** Variables whose addresses the hooks read. */
    public static final List<String> SYMBOLS = List.of("page_offset_base", "vmemmap_base", "sys_call_table",
            "__per_cpu_offset", "__per_cpu_start", "__per_cpu_end");
    /** struct.field offsets the hooks read. */
    public static final List<String> FIELDS = List.of(
            "task_struct.pid", "task_struct.tgid", "task_struct.comm", "kmem_cache.name",
            "kmem_cache.object_size");
    /** Structs whose size the hooks need. */
    public static final List<String> SIZES = List.of("page");

    /** One fact; {@code value} empty means the kernel lacks it. */
    public record Line(String kind, String name, OptionalLong value) {
        String render() {
            return value.isPresent()
                    ? kind + " " + name + " " + render(kind, value.getAsLong())
                    : "# missing " + kind + " " + name;
        }

        private static String render(String kind, long v) {
            return kind.equals("func") || kind.equals("symbol") ? "0x" + Long.toHexString(v) : Long.toString(v);
        }
    }

    /** Collects every fact the plugin uses from a kernel layout. */
    public static HookTable from(KernelLayout k) {
        List<Line> lines = new ArrayList<>();
        FUNCTIONS.forEach(f -> lines.add(new Line("func", f, k.symbolAddress(f))));
        SYMBOLS.forEach(s -> lines.add(new Line("symbol", s, k.symbolAddress(s))));
        for (String f : FIELDS) {
            int dot = f.indexOf('.');
            lines.add(new Line("offset", f, k.fieldOffset(f.substring(0, dot), f.substring(dot + 1))));
        }
        SIZES.forEach(s -> lines.add(new Line("size", s, k.structSize(s))));
        return new HookTable(List.copyOf(lines));
    }

    public void write(Writer out) {
        try {
            out.write("# mtrace hook table, format 1\n");
            for (Line l : lines) {
                out.write(l.render());
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
