package org.mtrace.kernelhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder's CPU identity (recorder/src/vcpu_identity.c), compiled with a driver that
 * scripts the guest: which vCPU state (env pointer) executes, its GS bases, and the kernel's
 * __per_cpu_offset[] as boot fills it in. Expectations are worked by hand from the x86-64
 * per-CPU rules: in kernel mode GS holds the CPU's per-CPU base, in user mode SWAPGS has parked
 * it in KERNEL_GS_BASE; QEMU's index under round-robin TCG is the translator's and is only
 * used while the CPU cannot be identified yet.
 */
class VcpuIdentityTest {
    private static final String BOOT = "0xffffffff83018000"; // every entry before setup_per_cpu_areas()
    private static final String P0 = "0xffff88801f200000";
    private static final String P1 = "0xffff88801f280000";
    private static final String P2 = "0xffff88801f300000";
    private static final String P3 = "0xffff88801f380000";

    @TempDir static Path tmp;
    static Path driver;

    @BeforeAll
    static void compileTheRecorderCode() throws Exception {
        Path src = Commands.root().resolve("recorder/src");
        driver = tmp.resolve("vcpu_identity_check");
        Commands.run(List.of("cc", "-O1", "-std=gnu11", "-mno-red-zone", "-I", src.toString(),
                Commands.root().resolve("kernel-hooks/src/test/c/vcpu_identity_check.c").toString(),
                src.resolve("vcpu_identity.c").toString(), "-o", driver.toString()));
    }

    private static List<String> drive(String... script) throws Exception {
        return List.of(Commands.run(List.of(driver.toString()), String.join("\n", script) + "\n").split("\n"));
    }

    @Test
    void trampolinePassesTcgsEnvRegisterToTheCallback() throws Exception {
        // TCG keeps env in %rbp (TCG_AREG0 on x86-64 hosts) when it calls a helper.
        assertEquals(List.of("7 0x1234 0xffff8880abcd0000"), drive("trampoline 0xffff8880abcd0000"));
    }

    @Test
    void gsBaseIsPreferredThenTheParkedKernelGsBase() throws Exception {
        assertEquals(List.of("1", "2", "-1"), drive(
                "match " + P1 + " " + P0 + " " + P0 + " " + P1 + " " + P2 + " " + P3, // kernel mode: GS
                "match 0 " + P2 + " " + P0 + " " + P1 + " " + P2 + " " + P3,          // user mode: kernel GS
                "match 0x7f0000 0 " + P0 + " " + P1 + " " + P2 + " " + P3));          // neither: unknown
    }

    @Test
    void eachVcpuIsNamedByItsOwnPerCpuAreaNotByTheTranslatorsIndex() throws Exception {
        List<String> out = drive(
                "offsets " + BOOT + " " + BOOT + " " + BOOT + " " + BOOT,
                "regs 0xa0 0 0",
                "block 0 0xa0",               // early boot: no GS base yet -> QEMU's index
                "offsets " + P0 + " " + P1 + " " + P2 + " " + BOOT, // setup_per_cpu_areas() half way
                "regs 0xa0 " + P0 + " 0",
                "block 0 0xa0",               // a failed probe waits 1 block, the next one 2, 4, ...
                "block 0 0xa0",               // probe: GS = base of CPU 0
                "regs 0xb0 " + P3 + " 0",     // AP 3 loaded its GS before the table shows its base
                "block 1 0xb0",               // block translated by vCPU 1: QEMU says 1
                "offsets " + P0 + " " + P1 + " " + P2 + " " + P3,
                "block 1 0xb0",
                "block 1 0xb0",               // table complete: CPU 3, whatever QEMU's index says
                "regs 0xc0 0 " + P1,          // CPU 1 in user mode
                "block 3 0xc0",
                "regs 0xa0 0x7f0000 0",       // a known vCPU is not probed again
                "block 2 0xa0",
                "block 0 0xc0",
                "mttcg 1",
                "block 2 0xc0");              // multi-threaded TCG: QEMU's index is the executing vCPU
        assertEquals(List.of("0 unknown", "0 unknown", "0 known", "1 unknown", "1 unknown", "3 known",
                "1 known", "0 known", "1 known", "2 given"), out);
    }
}
