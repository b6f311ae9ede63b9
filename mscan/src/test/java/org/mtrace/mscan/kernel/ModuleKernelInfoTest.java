package org.mtrace.mscan.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtrace.dwarf.index.IndexCache;

/**
 * What {@link ModuleKernelInfo} asks the kernel for types: with {@code --modules=DIR} the report
 * still lays out the kernel's structs and variables (it printed no layout at all when the
 * wrapper did not pass the members on).
 */
class ModuleKernelInfoTest {
    @Test
    void typesAndVariablesAreTheKernels(@TempDir Path dir) throws Exception {
        List<Member> members = List.of(new Member(0, 8, "a", "long"), new Member(8, 8, "b", "long"));
        VariableType rq = new VariableType("struct rq", 16, members);
        FixedKernelInfo kernel = FixedKernelInfo.empty().layout("pair", 16, members.toArray(new Member[0]))
                .variableType("runqueues", rq);
        List<String> warnings = new ArrayList<>();
        ModuleKernelInfo withModules = new ModuleKernelInfo(kernel, ModuleDirectory.scan(dir),
                new IndexCache(dir.resolve("cache")), warnings::add);
        assertEquals(members, withModules.members("pair"));
        assertEquals(16, withModules.typeSize("pair").getAsLong());
        assertSame(rq, withModules.variableType("runqueues"));
        assertEquals(List.of(), withModules.members("absent"));
        assertEquals(List.of(), warnings);
    }
}
