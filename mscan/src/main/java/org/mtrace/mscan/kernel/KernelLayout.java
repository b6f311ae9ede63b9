package org.mtrace.mscan.kernel;

import java.util.OptionalLong;

/**
 * Where things live in an x86-64 kernel's address space (4-level paging, Linux's
 * Documentation/arch/x86/x86_64/mm.rst), so an address no label covers can still be named by
 * region, and the {@code struct page} array (vmemmap) can be described element by element.
 *
 * <p>The three randomisable bases ({@code page_offset_base}, {@code vmalloc_base},
 * {@code vmemmap_base}) are the initial values of those variables in the image (what the kernel
 * uses without KASLR memory randomisation), else the documented defaults. Under KASLR the real
 * bases differ and only the fixed regions are named correctly.
 */
public final class KernelLayout {
    public static final long DEFAULT_PAGE_OFFSET = 0xffff888000000000L;
    public static final long DEFAULT_VMALLOC_BASE = 0xffffc90000000000L;
    public static final long DEFAULT_VMEMMAP_BASE = 0xffffea0000000000L;
    /** The C type of the vmemmap's elements, as DWARF names it. */
    public static final String PAGE_TYPE = "page";

    /** The end of the lower canonical half (47-bit virtual addresses). */
    private static final long USER_END = 0x0000800000000000L;
    private static final long DIRECT_MAP_SIZE = 1L << 46;   // 64 TB
    private static final long VMALLOC_SIZE = 1L << 45;      // 32 TB
    private static final long VMEMMAP_SIZE = 1L << 40;      // 1 TB
    private static final long CPU_ENTRY_AREA = 0xfffffe0000000000L;
    private static final long ESPFIX = 0xffffff0000000000L;
    private static final long HALF_TB = 1L << 39;
    private static final long KERNEL_IMAGE = 0xffffffff80000000L;
    private static final long MODULES = 0xffffffffc0000000L; // KERNEL_IMAGE + 1 GB (KASLR kernels)
    private static final long FIXMAP = 0xffffffffff000000L;

    /** The regions an address can be named by, with the text used in descriptions. */
    public enum Region {
        USER("user space"),
        DIRECT_MAP("direct map, unlabelled"),
        VMALLOC("vmalloc area (kernel stacks, vmalloc), unlabelled"),
        VMEMMAP("vmemmap (struct page array)"),
        CPU_ENTRY_AREA("CPU entry area"),
        ESPFIX("espfix stacks"),
        KERNEL_IMAGE("kernel image, no symbol"),
        MODULES("module area"),
        FIXMAP("fixmap/vsyscall page"),
        /** Holes, LDT remap, KASAN shadow, EFI: nothing to say. */
        UNKNOWN(null);

        private final String label;

        Region(String label) {
            this.label = label;
        }

        /** The description text, or null for {@link #UNKNOWN}. */
        public String label() {
            return label;
        }

        /**
         * Whether unlabelled memory here may be a kernel stack: task stacks are vmalloc'ed, exception
         * stacks are in the CPU entry area (a recording without stack labels still has its frames).
         */
        public boolean holdsStacks() {
            return this == VMALLOC || this == CPU_ENTRY_AREA;
        }
    }

    private final long pageOffset;
    private final long vmallocBase;
    private final long vmemmapBase;
    private final long pageStructSize;

    public KernelLayout(long pageOffset, long vmallocBase, long vmemmapBase, long pageStructSize) {
        this.pageOffset = pageOffset;
        this.vmallocBase = vmallocBase;
        this.vmemmapBase = vmemmapBase;
        this.pageStructSize = pageStructSize;
    }

    /** The layout of {@code kernel}: its bases' initial values and {@code sizeof(struct page)}. */
    public static KernelLayout of(KernelInfo kernel) {
        OptionalLong pageSize = kernel.typeSize(PAGE_TYPE);
        return new KernelLayout(kernel.initialU64("page_offset_base").orElse(DEFAULT_PAGE_OFFSET),
                kernel.initialU64("vmalloc_base").orElse(DEFAULT_VMALLOC_BASE),
                kernel.initialU64("vmemmap_base").orElse(DEFAULT_VMEMMAP_BASE), pageSize.orElse(0));
    }

    public long vmemmapBase() {
        return vmemmapBase;
    }

    /** One past the vmemmap region. */
    public long vmemmapEnd() {
        return vmemmapBase + VMEMMAP_SIZE;
    }

    /** {@code sizeof(struct page)} from DWARF; 0 when the image does not say (no typed elements). */
    public long pageStructSize() {
        return pageStructSize;
    }

    /**
     * The one user/kernel boundary of every tool: x86-64 gives user space the lower canonical half
     * of the address space and the kernel the upper one, so the top bit tells them apart (the
     * non-canonical addresses between the halves never reach memory).
     */
    public static boolean isUser(long addr) {
        return addr >= 0;
    }

    public Region regionOf(long addr) {
        if (isUser(addr)) {
            return Long.compareUnsigned(addr, USER_END) < 0 ? Region.USER : Region.UNKNOWN; // above: non-canonical
        }
        if (in(addr, pageOffset, DIRECT_MAP_SIZE)) {
            return Region.DIRECT_MAP;
        }
        if (in(addr, vmallocBase, VMALLOC_SIZE)) {
            return Region.VMALLOC;
        }
        if (in(addr, vmemmapBase, VMEMMAP_SIZE)) {
            return Region.VMEMMAP;
        }
        if (in(addr, CPU_ENTRY_AREA, HALF_TB)) {
            return Region.CPU_ENTRY_AREA;
        }
        if (in(addr, ESPFIX, HALF_TB)) {
            return Region.ESPFIX;
        }
        if (in(addr, KERNEL_IMAGE, MODULES - KERNEL_IMAGE)) {
            return Region.KERNEL_IMAGE;
        }
        if (in(addr, MODULES, FIXMAP - MODULES)) {
            return Region.MODULES;
        }
        return Long.compareUnsigned(addr, FIXMAP) >= 0 ? Region.FIXMAP : Region.UNKNOWN;
    }

    private static boolean in(long addr, long start, long size) {
        return Long.compareUnsigned(addr - start, size) < 0;
    }
}
