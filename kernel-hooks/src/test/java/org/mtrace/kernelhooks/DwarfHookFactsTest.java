package org.mtrace.kernelhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mtrace.mscan.scenario.Commands.run;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.dwarf.DebugInfo;

/**
 * The hook table from DWARF, on a miniature "kernel" compiled with gcc at test time: offsets and
 * sizes are checked against offsetof/sizeof printed by the same program, addresses against nm.
 */
class DwarfHookFactsTest {
    static final String SOURCE = """
            #include <stddef.h>
            #include <stdio.h>
            struct list_head { struct list_head *next, *prev; };
            struct vm_struct { struct vm_struct *next; void *addr; unsigned long size; };
            struct task_struct { long state; void *stack; unsigned int flags; struct list_head tasks; int pid; int tgid;
                                 struct { char pad[3]; char comm[16]; }; struct vm_struct *stack_vm_area;
                                 void *worker_private; };
            struct kthread { unsigned long flags; unsigned int cpu; int result; int (*threadfn)(void *); void *data; };
            struct kthread a_kthread;
            struct work_struct { long data; struct list_head entry; void (*func)(struct work_struct *); };
            struct work_struct a_work;
            struct pcpu_hot { void *current_task; int preempt_count; void *hardirq_stack_ptr; };
            struct inode { unsigned short i_mode; void *i_sb; unsigned long i_ino; };
            struct address_space { struct inode *host; long nrpages; };
            struct pcpu_chunk { struct list_head list; int free_bytes; unsigned long *bound_map; void *base_addr;
                                unsigned long *alloc_map; void *md_blocks; int start_offset; int end_offset;
                                int nr_pages; };
            struct pglist_data { struct page *node_mem_map; long vm_stat[40]; int node_id; };
            struct pcpu_hot pcpu_hot;
            struct inode some_inode;
            struct address_space some_mapping;
            struct pcpu_chunk first_chunk;
            struct pglist_data contig_page_data;
            /* 6.12's kmem_cache_cpu: freelist in an anonymous struct inside an anonymous union (here not first) */
            struct kmem_cache_cpu { long stat; union { struct { void **freelist; unsigned long tid; }; __int128 freelist_tid; };
                                    void *slab; };
            struct kmem_cache_cpu some_cpu_slab;
            struct kmem_cache { unsigned flags; unsigned object_size; const char *name; struct kmem_cache_cpu *cpu_slab; };
            struct page { unsigned long flags; union { struct list_head lru; void *mapping; }; long index; };
            /* 6.12's layout: cs a member of an anonymous union (with csx and fred_cs there) */
            struct pt_regs { unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di,
                             orig_ax, ip; union { unsigned short cs; unsigned long csx; }; unsigned long flags, sp, ss; };
            /* 6.12's layout: the bounds in an anonymous struct inside an anonymous union (here not first) */
            struct vm_area_struct { unsigned long vm_pgoff; union { struct { unsigned long vm_start, vm_end; };
                                    struct { void *next, *func; } vm_rcu; }; void *vm_mm; };
            struct module_layout { void *base; unsigned int size; unsigned int text_size; };
            struct module_memory { void *base; unsigned int size; long mtn[8]; };
            struct module { int state; long list[2]; char name[56]; struct module_layout core_layout, init_layout;
                            struct module_memory mem[7]; };
            struct module a_module;
            struct task_struct init_task;
            struct pt_regs some_regs;
            struct vm_area_struct some_vma;
            struct kmem_cache some_cache;
            struct page mem_map[2];
            void *sys_call_table[4];
            void kfree(void *p) { (void) p; }
            void do_exit(long code) { (void) code; }
            int main(void) {
              printf("task_struct.pid %zu\\n", offsetof(struct task_struct, pid));
              printf("task_struct.tgid %zu\\n", offsetof(struct task_struct, tgid));
              printf("task_struct.comm %zu\\n", offsetof(struct task_struct, comm));
              printf("kmem_cache.name %zu\\n", offsetof(struct kmem_cache, name));
              printf("kmem_cache.object_size %zu\\n", offsetof(struct kmem_cache, object_size));
              printf("kmem_cache.cpu_slab %zu\\n", offsetof(struct kmem_cache, cpu_slab));
              printf("kmem_cache_cpu.freelist %zu\\n", offsetof(struct kmem_cache_cpu, freelist));
              printf("pt_regs.ip %zu\\n", offsetof(struct pt_regs, ip));
              printf("pt_regs.cs %zu\\n", offsetof(struct pt_regs, cs));
              printf("vm_area_struct.vm_start %zu\\n", offsetof(struct vm_area_struct, vm_start));
              printf("vm_area_struct.vm_end %zu\\n", offsetof(struct vm_area_struct, vm_end));
              printf("page %zu\\n", sizeof(struct page));
              printf("task_struct.stack %zu\\n", offsetof(struct task_struct, stack));
              printf("task_struct.flags %zu\\n", offsetof(struct task_struct, flags));
              printf("task_struct.worker_private %zu\\n", offsetof(struct task_struct, worker_private));
              printf("kthread.threadfn %zu\\n", offsetof(struct kthread, threadfn));
              printf("work_struct.func %zu\\n", offsetof(struct work_struct, func));
              printf("task_struct.stack_vm_area %zu\\n", offsetof(struct task_struct, stack_vm_area));
              printf("vm_struct.size %zu\\n", offsetof(struct vm_struct, size));
              printf("pcpu_hot.hardirq_stack_ptr %zu\\n", offsetof(struct pcpu_hot, hardirq_stack_ptr));
              printf("address_space.host %zu\\n", offsetof(struct address_space, host));
              printf("inode.i_ino %zu\\n", offsetof(struct inode, i_ino));
              printf("pcpu_chunk.base_addr %zu\\n", offsetof(struct pcpu_chunk, base_addr));
              printf("pcpu_chunk.nr_pages %zu\\n", offsetof(struct pcpu_chunk, nr_pages));
              printf("pcpu_chunk.end_offset %zu\\n", offsetof(struct pcpu_chunk, end_offset));
              printf("pcpu_chunk.alloc_map %zu\\n", offsetof(struct pcpu_chunk, alloc_map));
              printf("pcpu_chunk.bound_map %zu\\n", offsetof(struct pcpu_chunk, bound_map));
              printf("pcpu_chunk.md_blocks %zu\\n", offsetof(struct pcpu_chunk, md_blocks));
              printf("pglist_data %zu\\n", sizeof(struct pglist_data));
              printf("module.name %zu\\n", offsetof(struct module, name));
              printf("module.core_layout %zu\\n", offsetof(struct module, core_layout));
              printf("module.init_layout %zu\\n", offsetof(struct module, init_layout));
              printf("module_layout.base %zu\\n", offsetof(struct module_layout, base));
              printf("module_layout.size %zu\\n", offsetof(struct module_layout, size));
              printf("module.mem %zu\\n", offsetof(struct module, mem));
              printf("module_memory.base %zu\\n", offsetof(struct module_memory, base));
              printf("module_memory.size %zu\\n", offsetof(struct module_memory, size));
              printf("module_memory %zu\\n", sizeof(struct module_memory));
              return 0;
            }
            """;

    @TempDir
    static Path dir;
    static Path elf;
    static Map<String, Long> expected = new HashMap<>();

    @BeforeAll
    static void compile() throws Exception {
        Path c = dir.resolve("k.c");
        Files.writeString(c, SOURCE);
        elf = dir.resolve("k.elf");
        run("gcc", "-g", "-O0", "-o", elf.toString(), c.toString());
        for (String line : run(elf.toString()).split("\n")) {
            String[] f = line.split(" ");
            expected.put(f[0], Long.parseLong(f[1]));
        }
        for (String line : run("nm", elf.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                expected.put(f[2], Long.parseUnsignedLong(f[0], 16));
            }
        }
        System.setProperty("user.home", dir.toString()); // index cache inside the test directory
    }

    @Test
    void offsetsSizesAndAddressesMatchTheCompiler() {
        HookFacts k = new DwarfHookFacts(DebugInfo.open(elf));
        for (String f : HookTable.FIELDS) {
            int dot = f.indexOf('.');
            assertEquals(expected.get(f), k.fieldOffset(f.substring(0, dot), f.substring(dot + 1)).getAsLong(), f);
        }
        assertEquals(expected.get("page"), k.structSize("page").getAsLong());
        assertEquals(expected.get("pglist_data"), k.structSize("pglist_data").getAsLong());
        assertEquals(expected.get("pcpu_hot"), k.symbolAddress("pcpu_hot").getAsLong());
        for (String s : HookTable.SIZES) {
            assertEquals(expected.get(s), k.structSize(s).getAsLong(), s);
        }
        assertEquals(expected.get("kfree"), k.symbolAddress("kfree").getAsLong());
        assertEquals(expected.get("sys_call_table"), k.symbolAddress("sys_call_table").getAsLong());
        assertTrue(k.fieldOffset("task_struct", "no_such_field").isEmpty());
        assertTrue(k.structSize("no_such_struct").isEmpty());
    }

    @Test
    void theTableNamesWhatTheKernelLacks() {
        StringWriter w = new StringWriter();
        HookTable.from(new DwarfHookFacts(DebugInfo.open(elf))).write(w);
        String table = w.toString();
        assertTrue(table.contains("func kfree 0x" + Long.toHexString(expected.get("kfree")) + "\n"), table);
        assertTrue(table.contains("offset task_struct.comm " + expected.get("task_struct.comm") + "\n"), table);
        assertTrue(table.contains("# missing func __switch_to\n"), table);
    }
}
