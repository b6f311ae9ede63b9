package org.mtrace.kernelhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.dwarf.Attribution;

/**
 * The hook table from DWARF, on a miniature "kernel" compiled with gcc at test time: offsets and
 * sizes are checked against offsetof/sizeof printed by the same program, addresses against nm.
 */
class DwarfKernelLayoutTest {
    static final String SOURCE = """
            #include <stddef.h>
            #include <stdio.h>
            struct list_head { struct list_head *next, *prev; };
            struct task_struct { long state; struct list_head tasks; int pid; int tgid;
                                 struct { char pad[3]; char comm[16]; }; };
            struct kmem_cache { unsigned flags; unsigned object_size; const char *name; };
            struct page { unsigned long flags; union { struct list_head lru; void *mapping; }; long index; };
            struct module_layout { void *base; unsigned int size; unsigned int text_size; };
            struct module_memory { void *base; unsigned int size; long mtn[8]; };
            struct module { int state; long list[2]; char name[56]; struct module_layout core_layout, init_layout;
                            struct module_memory mem[7]; };
            struct module a_module;
            struct task_struct init_task;
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
              printf("page %zu\\n", sizeof(struct page));
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

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.trim();
    }

    @Test
    void offsetsSizesAndAddressesMatchTheCompiler() {
        KernelLayout k = new DwarfKernelLayout(Attribution.open(elf));
        for (String f : HookTable.FIELDS) {
            int dot = f.indexOf('.');
            assertEquals(expected.get(f), k.fieldOffset(f.substring(0, dot), f.substring(dot + 1)).getAsLong(), f);
        }
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
        HookTable.from(new DwarfKernelLayout(Attribution.open(elf))).write(w);
        String table = w.toString();
        assertTrue(table.contains("func kfree 0x" + Long.toHexString(expected.get("kfree")) + "\n"), table);
        assertTrue(table.contains("offset task_struct.comm " + expected.get("task_struct.comm") + "\n"), table);
        assertTrue(table.contains("# missing func __switch_to\n"), table);
    }
}
