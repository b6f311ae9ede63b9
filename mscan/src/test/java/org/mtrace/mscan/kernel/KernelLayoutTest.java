package org.mtrace.mscan.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mtrace.mscan.kernel.KernelLayout.Region;

/**
 * Region boundaries as Linux's Documentation/arch/x86/x86_64/mm.rst lists them for 4-level paging
 * (first and last byte of each region; the bases are the documented defaults).
 */
class KernelLayoutTest {
    final KernelLayout layout = KernelLayout.of(FixedKernelInfo.empty());

    @Test
    void documentedRegions() {
        assertEquals(Region.USER, layout.regionOf(0));
        assertEquals(Region.USER, layout.regionOf(0x00007fffffffffffL));
        assertEquals(Region.UNKNOWN, layout.regionOf(0x0000800000000000L)); // non-canonical
        assertEquals(Region.UNKNOWN, layout.regionOf(0xffff880000000000L)); // LDT remap for PTI
        assertEquals(Region.DIRECT_MAP, layout.regionOf(0xffff888000000000L));
        assertEquals(Region.DIRECT_MAP, layout.regionOf(0xffffc87fffffffffL));
        assertEquals(Region.UNKNOWN, layout.regionOf(0xffffc88000000000L));
        assertEquals(Region.VMALLOC, layout.regionOf(0xffffc90000000000L));
        assertEquals(Region.VMALLOC, layout.regionOf(0xffffe8ffffffffffL));
        assertEquals(Region.UNKNOWN, layout.regionOf(0xffffe90000000000L));
        assertEquals(Region.VMEMMAP, layout.regionOf(0xffffea0000000000L));
        assertEquals(Region.VMEMMAP, layout.regionOf(0xffffeaffffffffffL));
        assertEquals(Region.UNKNOWN, layout.regionOf(0xffffec0000000000L)); // KASAN shadow
        assertEquals(Region.CPU_ENTRY_AREA, layout.regionOf(0xfffffe0000000000L));
        assertEquals(Region.CPU_ENTRY_AREA, layout.regionOf(0xfffffe7fffffffffL));
        assertEquals(Region.ESPFIX, layout.regionOf(0xffffff0000000000L));
        assertEquals(Region.UNKNOWN, layout.regionOf(0xffffffef00000000L)); // EFI
        assertEquals(Region.KERNEL_IMAGE, layout.regionOf(0xffffffff80000000L));
        assertEquals(Region.KERNEL_IMAGE, layout.regionOf(0xffffffffbfffffffL));
        assertEquals(Region.MODULES, layout.regionOf(0xffffffffc0000000L));
        assertEquals(Region.MODULES, layout.regionOf(0xfffffffffeffffffL));
        assertEquals(Region.FIXMAP, layout.regionOf(0xffffffffff600000L)); // vsyscall page
    }

    @Test
    void basesFromTheImageMoveTheirRegions() {
        // KASLR-style bases: 64 TB direct map, then 32 TB vmalloc area, then 1 TB vmemmap
        KernelLayout moved = new KernelLayout(0xffff900000000000L, 0xffffd00000000000L, 0xfffff00000000000L, 64);
        assertEquals(Region.DIRECT_MAP, moved.regionOf(0xffff900000000000L));
        assertEquals(Region.UNKNOWN, moved.regionOf(0xffff888000000000L));
        assertEquals(Region.VMALLOC, moved.regionOf(0xffffd00000000000L));
        assertEquals(Region.VMALLOC, moved.regionOf(0xffffefffffffffffL));
        assertEquals(Region.VMEMMAP, moved.regionOf(0xfffff0ffffffffffL));
        assertEquals(0xfffff10000000000L, moved.vmemmapEnd());
    }
}
