package org.mtrace.mscan.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.mtrace.dwarf.describe.VariablePath;
import org.junit.jupiter.api.Test;

/** Per-CPU naming and the typed/untyped boundary of {@link Attribution#describeTyped}. */
class AttributionTest {
    /** A kernel whose variable descriptions are given by hand (as DWARF would print them). */
    static KernelInfo withVariables(java.util.Map<String, VariablePath> paths) {
        FixedKernelInfo fixed = FixedKernelInfo.empty();
        return new KernelInfo() {
            @Override public List<StaticSymbol> objectSymbols() { return fixed.objectSymbols(); }
            @Override public PerCpuRange perCpuRange() { return fixed.perCpuRange(); }
            @Override public String fieldPath(String t, long o, long pc) { return null; }
            @Override public VariablePath variableAt(long addr) { return null; }
            @Override public VariablePath variablePath(String symbol, long offset) { return paths.get(symbol); }
            @Override public String function(long pc) { return null; }
            @Override public String source(long pc) { return null; }
            @Override public List<String> sourceWithInlines(long pc) { return List.of(); }
        };
    }

    @Test
    void perCpuInstanceNamesItsCpuAfterTheVariable() {
        KernelAttribution a = new KernelAttribution(withVariables(java.util.Map.of(
                "runqueues", new VariablePath("runqueues", ".cfs.load", true),
                "cpu_tlbstate", new VariablePath("cpu_tlbstate", "", true),
                "irq_stat", new VariablePath("irq_stat", "[3].x", true))));
        a.perCpuSegmentDeclared(0xffff88801f200000L, 0xffff88801f234000L, 0);
        a.perCpuSegmentDeclared(0xffff88801f280000L, 0xffff88801f2b4000L, 2);
        assertEquals("runqueues[cpu 2].cfs.load", a.resolve("runqueues", 0xffff88801f280040L, 0x10, 0));
        assertEquals("cpu_tlbstate[cpu 0]", a.resolve("cpu_tlbstate", 0xffff88801f200000L, 0, 0));
        assertEquals("irq_stat[cpu 2][3].x", a.resolve("irq_stat", 0xffff88801f2b3ff0L, 0x40, 0));
        // the static copy at its link address (outside every area) has no CPU
        assertEquals("runqueues.cfs.load", a.resolve("runqueues", 0xffffffff82000000L, 0x10, 0));
        // a later segment of the same CPU replaces its area
        a.perCpuSegmentDeclared(0xffff888020000000L, 0xffff888020034000L, 2);
        assertEquals("runqueues.cfs.load", a.resolve("runqueues", 0xffff88801f280040L, 0x10, 0));
        assertEquals("runqueues[cpu 2].cfs.load", a.resolve("runqueues", 0xffff888020000040L, 0x10, 0));
    }

    /**
     * A slab cache named like a global (SLUB names a merged cache after its first user: Debian's 6.1
     * allocates user_struct from skbuff_ext_cache, also a {@code struct kmem_cache *}) is not that
     * global: a heap object (direct map or vmalloc, outside the per-CPU areas) gets the name's
     * fallback, the global at its link address and a per-CPU copy keep the variable's path.
     */
    @Test
    void heapObjectNamedLikeAGlobalIsNotThatGlobal() {
        KernelAttribution a = new KernelAttribution(withVariables(java.util.Map.of(
                "skbuff_ext_cache", new VariablePath("net_cachep", "", true),
                "runqueues", new VariablePath("runqueues", ".cfs.load", true))));
        a.perCpuSegmentDeclared(0xffff88801f200000L, 0xffff88801f234000L, 0);
        assertEquals("skbuff_ext_cache+0x18", a.resolve("skbuff_ext_cache", 0xffff888005643180L, 0x18, 0));
        assertEquals(AddressDescription.Form.NAME,
                a.describeData("skbuff_ext_cache", 0xffffc90000123000L, 0x18, 0).form()); // vmalloc area
        assertEquals("net_cachep", a.resolve("skbuff_ext_cache", 0xffffffff82a1b2c0L, 0x18, 0));
        assertEquals("runqueues[cpu 0].cfs.load", a.resolve("runqueues", 0xffff88801f200040L, 0x10, 0));
        // a heap object named like a global the image types: no longer that global's field
        assertEquals("runqueues+0x10", a.resolve("runqueues", 0xffff888003a1c000L, 0x10, 0));
    }

    /** A variable the image knows only by symbol (no DWARF type) is not typed: the fallback text. */
    @Test
    void variableWithoutTypeIsNotTyped() {
        KernelAttribution a = new KernelAttribution(withVariables(java.util.Map.of("folio_wait_table",
                VariablePath.untyped("folio_wait_table", 0x11d0))));
        assertNull(a.describeTyped("folio_wait_table", 0xffffffff83000000L, 0x11d0, 0));
        assertEquals("folio_wait_table+0x11d0", a.resolve("folio_wait_table", 0xffffffff83000000L, 0x11d0, 0));
        assertNull(a.describeTyped("kmalloc-64", 0xffff888000001000L, 8, 0));
        assertEquals("kmalloc-64+0x8", a.resolve("kmalloc-64", 0xffff888000001000L, 8, 0));
    }

    @Test
    void unlabelledAddressNamesItsRegion() {
        KernelAttribution a = new KernelAttribution(FixedKernelInfo.empty());
        assertEquals("+0xffff888003a1c040 (direct map, unlabelled)", a.resolve("", 0, 0xffff888003a1c040L, 0));
        assertEquals("+0x7ffd00001000 (user space)", a.resolve("", 0, 0x7ffd00001000L, 0));
        assertEquals("+0xffff880000000000", a.resolve("", 0, 0xffff880000000000L, 0)); // LDT remap: no name
    }

    @Test
    void describeDataSplitsTypeAndFieldAndNamesTheForm() {
        KernelAttribution a = new KernelAttribution(FixedKernelInfo.empty().type("dentry", o -> ".d_lockref.count"));
        AddressDescription d = a.describeData("dentry", 0xffff888003a1c000L, 88, 0);
        assertEquals(AddressDescription.Form.TYPED, d.form());
        assertEquals("dentry", d.type());
        assertEquals("d_lockref.count", d.field());
        assertEquals("(*(dentry)0xffff888003a1c000).d_lockref.count", d.text());
        assertEquals("dentry.d_lockref.count", d.typeAndField());
        assertEquals(AddressDescription.Form.NAME, a.describeData("kmalloc-64", 0xffff888000001000L, 8, 0).form());
        assertEquals(AddressDescription.Form.REGION, a.describeData("", 0, 0xffff888003a1c040L, 0).form());
        assertEquals(AddressDescription.Form.USER, a.describeData("", 0, 0x7ffd00001000L, 0).form());
        assertEquals(AddressDescription.Form.NONE, a.describeData("", 0, 0xffff880000000000L, 0).form());
        // resolve renders from the same description
        assertEquals(a.describeData("", 0, 0x7ffd00001000L, 0).text(), a.resolve("", 0, 0x7ffd00001000L, 0));
    }

    /**
     * An unlabelled address (no name) is described by where it lies, never as a member of a type or
     * variable looked up by the empty name, even from a type source that would answer for it.
     */
    @Test
    void anUnlabelledAddressIsNeverLookedUpByTheEmptyName() {
        KernelAttribution a = new KernelAttribution(FixedKernelInfo.empty().type("", o -> ".anonymous")
                .variable("", o -> ".anonymous"));
        assertEquals(AddressDescription.Form.REGION, a.describeData("", 0, 0xffff888003a1c040L, 0).form());
        assertEquals(AddressDescription.Form.USER, a.describeData("", 0, 0x7ffd00001000L, 0).form());
    }

    /** A variable's type and field come from the image's path, not from parsing the rendered text. */
    @Test
    void variableFieldIsThePathWithoutItsDot() {
        KernelAttribution a = new KernelAttribution(withVariables(java.util.Map.of(
                "runqueues", new VariablePath("runqueues", ".cfs.load", true),
                "jiffies_64", new VariablePath("jiffies_64", "", true),
                "irq_stat", new VariablePath("irq_stat", "[3].x", true))));
        a.perCpuSegmentDeclared(0xffff88801f280000L, 0xffff88801f2b4000L, 2);
        AddressDescription d = a.describeData("runqueues", 0xffff88801f280040L, 0x10, 0);
        assertEquals("runqueues", d.type());
        assertEquals("cfs.load", d.field());
        assertEquals("runqueues[cpu 2].cfs.load", d.text());
        assertEquals("", a.describeData("jiffies_64", 0xffffffff82000000L, 0, 0).field());
        assertEquals("[3].x", a.describeData("irq_stat", 0xffffffff82001000L, 0x40, 0).field());
        assertEquals("irq_stat[3].x", a.describeData("irq_stat", 0xffffffff82001000L, 0x40, 0).typeAndField());
    }

    /**
     * PC descriptions are memoised only while the kernel's placement version stands: a module
     * placed since may describe the same PC differently (a module loaded again over it).
     */
    @Test
    void memoisedPcDescriptionsEndWithThePlacementVersion() {
        String[] text = {"first_fn"};
        long[] version = {0};
        FixedKernelInfo fixed = FixedKernelInfo.empty();
        KernelInfo kernel = new KernelInfo() {
            @Override public List<StaticSymbol> objectSymbols() { return fixed.objectSymbols(); }
            @Override public PerCpuRange perCpuRange() { return fixed.perCpuRange(); }
            @Override public String fieldPath(String t, long o, long pc) { return null; }
            @Override public VariablePath variableAt(long addr) { return null; }
            @Override public String function(long pc) { return text[0]; }
            @Override public String source(long pc) { return text[0] + " at m.c:1"; }
            @Override public List<String> sourceWithInlines(long pc) { return List.of(text[0] + " at m.c:1"); }
            @Override public long placementVersion() { return version[0]; }
        };
        KernelAttribution a = new KernelAttribution(kernel);
        long pc = 0xffffffffc0400004L;
        assertEquals("first_fn at m.c:1", a.describe(pc));
        assertEquals("first_fn", a.func(pc));
        assertEquals(List.of("first_fn at m.c:1"), a.describeAll(pc));
        text[0] = "second_fn";
        assertEquals("first_fn at m.c:1", a.describe(pc), "memoised while nothing was placed");
        version[0]++;
        assertEquals("second_fn at m.c:1", a.describe(pc));
        assertEquals("second_fn", a.func(pc));
        assertEquals(List.of("second_fn at m.c:1"), a.describeAll(pc));
    }
}
