package org.mtrace.mscan.kernel;

import java.util.List;

/**
 * What a block label the recorder named by purpose stands for (docs/recorder.md "Kernel stacks,
 * page purposes and memblock regions"): its names are not C types, so without this they would read
 * as "name+offset only". Each name starts with one of the prefixes below; the rest is the owner
 * ({@code stack of 812 (rm)}, {@code page cache of inode 4711}), which the grouping drops.
 */
public final class RegionLabel {
    /** The forms of issue 16 a purpose-named label has. */
    public enum Kind {
        /** A task's or a CPU's interrupt stack: {@code stack of PID (comm)}. */
        STACK,
        /**
         * Pages holding user or file data, not kernel objects (a user page the kernel fills before it
         * is mapped, an anonymous page, a page-cache page): no type can describe them.
         */
        DATA,
        /** Kernel memory named by what it is for (page-table page, page cache of inode N, ...). */
        REGION
    }

    /** The kind and the purpose without the owner, for grouping ({@code task stack}). */
    public record Purpose(Kind kind, String what) {
    }

    private record Prefix(String prefix, Purpose purpose) {
    }

    /** How the recorder names a task's stack ({@code stack of TID (comm)}) and a boot-time hash table ({@code hash table NAME}). */
    private static final String TASK_STACK = "stack of ";
    private static final String HASH_TABLE = "hash table ";
    private static final Purpose HASH_TABLES = new Purpose(Kind.REGION, "kernel hash table");

    private static final List<Prefix> PREFIXES = List.of(
            new Prefix(TASK_STACK, new Purpose(Kind.STACK, "task stack")),
            new Prefix("irq stack of cpu ", new Purpose(Kind.STACK, "IRQ stack")),
            new Prefix("free task stack", new Purpose(Kind.STACK, "free task stack (cached for the next fork)")),
            new Prefix("page-table page", new Purpose(Kind.REGION, BlockPurpose.PAGE_TABLE)),
            new Prefix("slab page of ", new Purpose(Kind.REGION, BlockPurpose.SLAB_PAGE)),
            new Prefix("page cache", new Purpose(Kind.DATA, "page-cache page")),
            new Prefix("anonymous page of ", new Purpose(Kind.DATA, "anonymous page")),
            new Prefix("user page of ", new Purpose(Kind.DATA, "user page (anonymous or file, before mapping)")),
            new Prefix("socket data page", new Purpose(Kind.DATA, "socket data page (page fragment of data sent)")),
            new Prefix("per-CPU dynamic area of cpu ", new Purpose(Kind.REGION, "per-CPU dynamic area")),
            new Prefix("per-CPU allocator map", new Purpose(Kind.REGION, "per-CPU allocator map")),
            new Prefix("vmalloc backing page", new Purpose(Kind.REGION, "vmalloc backing page (direct-map alias)")),
            new Prefix(HASH_TABLE, HASH_TABLES));

    /** The name the recorder gives a block whose purpose it does not know (recorder/src/page_purpose.c). */
    public static final String UNNAMED_BLOCK = "pages";

    private RegionLabel() {
    }

    /** Whether a block label named {@code name} by the recorder is a stack ({@link Kind#STACK}). */
    public static boolean isStack(String name) {
        Purpose p = of(name);
        return p != null && p.kind() == Kind.STACK;
    }

    /** The program whose thread a task's stack label names ({@code stack of 812 (rm)}: {@code rm}; else the name). */
    public static String taskStackProgram(String name) {
        int open = name.indexOf(" (");
        return name.startsWith(TASK_STACK) && open > 0 && name.endsWith(")") ? name.substring(open + 2, name.length() - 1) : name;
    }

    /** Whether {@code purpose} is a boot-time hash table's ({@link #hashTable} names the table). */
    public static boolean isHashTable(Purpose purpose) {
        return purpose == HASH_TABLES;
    }

    /** The table a label named {@code name} is ({@code hash table TCP bind}: {@code TCP bind}), or null. */
    public static String hashTable(String name) {
        return name.startsWith(HASH_TABLE) && name.length() > HASH_TABLE.length() ? name.substring(HASH_TABLE.length()) : null;
    }

    /**
     * The thread whose stack a label named {@code name} is ({@code stack of 812 (rm)}: 812), or -1 for
     * any other name (an interrupt stack, a free stack, a name without a number).
     */
    public static long taskStackOwner(String name) {
        if (!name.startsWith(TASK_STACK)) {
            return -1;
        }
        long tid = 0;
        int i = TASK_STACK.length();
        for (; i < name.length() && Character.isDigit(name.charAt(i)) && i < TASK_STACK.length() + 18; i++) {
            tid = tid * 10 + (name.charAt(i) - '0');
        }
        return i == TASK_STACK.length() || i < name.length() && name.charAt(i) != ' ' ? -1 : tid;
    }

    /** The purpose of a block label named {@code name} by the recorder, or null for other names. */
    public static Purpose of(String name) {
        for (Prefix p : PREFIXES) {
            if (name.startsWith(p.prefix())) {
                return p.purpose();
            }
        }
        return null;
    }
}
