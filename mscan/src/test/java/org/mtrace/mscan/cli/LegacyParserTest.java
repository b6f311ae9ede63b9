package org.mtrace.mscan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyParserTest {

    @Test
    void noArgumentsMeansTheDefaults() throws Exception {
        Invocation inv = LegacyParser.parse(List.of());
        assertEquals(Path.of("mscan.kern"), inv.kernel());
        assertEquals(Path.of("mtrace.out"), inv.log());
        assertEquals(List.of("distinct-sys", "false-sharing", "summary"), inv.analyses());
    }

    @Test
    void anyArgumentDisablesTheDefaults() throws Exception {
        Invocation inv = LegacyParser.parse(List.of("--kernel=vmlinux"));
        assertEquals(Path.of("vmlinux"), inv.kernel());
        assertEquals(List.of(), inv.analyses());
    }

    @Test
    void valuesPrefixesAndIgnoredWords() throws Exception {
        Invocation inv = LegacyParser.parse(List.of("--kern", "k.elf", "stray", "--mtrace-log=m.gz",
                "--stack-trace-pc=0x10", "--stack-trace-pc", "20", "--syscall-accesses", "--all", "--", "--bogus"));
        assertEquals(Path.of("k.elf"), inv.kernel());
        assertEquals(Path.of("m.gz"), inv.log());
        assertEquals(List.of("stack-trace-pc", "syscall-accesses", "all-sharing"), inv.analyses());
        assertEquals(List.of("0x10", "20"), inv.arguments().get("stack-trace-pc"));
    }

    @Test
    void exactNameWinsOverLongerName() throws Exception {
        assertEquals(List.of("syscall-accesses"), LegacyParser.parse(List.of("--syscall-accesses")).analyses());
        assertEquals(List.of("syscall-accesses-pc"), LegacyParser.parse(List.of("--syscall-accesses-")).analyses());
    }

    @Test
    void errorsAreUnrecognizedOption() {
        for (String bad : List.of("--bogus", "--s", "--summary=1", "--distinct=1", "--x")) {
            assertEquals("unrecognized option '" + bad + "'",
                    assertThrows(UsageException.class, () -> LegacyParser.parse(List.of(bad))).getMessage());
        }
        assertEquals("unrecognized option '--kernel'",
                assertThrows(UsageException.class, () -> LegacyParser.parse(List.of("--kernel"))).getMessage());
    }

    @Test
    void usageTextLayout() {
        String u = LegacyParser.usage("mscan");
        assertEquals("usage: mscan [options]\n\n  --kernel=FILE          ELF file of kernel (default mscan.kern)\n",
                u.substring(0, u.indexOf('\n', 25) + 1));
        assertEquals(2 + 18, u.split("\n", -1).length - 1);
        assertEquals(true, u.contains("\n  --sbw0                 \n"));
    }

    @Test
    void opSyscallsIsAcceptedInThisStyleToo() throws Exception {
        Invocation inv = LegacyParser.parse(List.of("--distinct-ops", "--op-syscalls=sys_a,sys_b", "--op-syscalls",
                "sys_c", "--kernel=k"));
        assertEquals(List.of("distinct-ops"), inv.analyses());
        assertEquals(List.of("sys_a,sys_b", "sys_c"), inv.arguments().get("op-syscalls"));
        assertEquals(Path.of("k"), inv.kernel());
        assertEquals(List.of(), LegacyParser.parse(List.of("--summary")).arguments().get("op-syscalls"));
        assertEquals("unrecognized option '--op-syscalls'",
                assertThrows(UsageException.class, () -> LegacyParser.parse(List.of("--op-syscalls"))).getMessage());
    }

    @Test
    void singleDashArgumentsAreUnknownShortOptions() throws Exception {
        // getopt_long: "-x" is a (short) option, of which the original has none; "-" is a plain word
        assertEquals("unrecognized option '-k'",
                assertThrows(UsageException.class, () -> LegacyParser.parse(List.of("-k", "x"))).getMessage());
        assertEquals(List.of("summary"), LegacyParser.parse(List.of("-", "--summary")).analyses());
        assertEquals(true, LegacyParser.parse(List.of("-q", "--summary")).quiet());
    }

    @Test
    void optionsWhoseValueIsTheNextArgument() {
        for (String a : List.of("--kernel", "--kern", "--mtrace-log-file", "--mtrace", "--stack-trace-pc", "--st",
                "--op-syscalls")) {
            assertEquals(true, LegacyParser.takesNextArgument(a), a);
        }
        for (String a : List.of("--kernel=k", "--summary", "--s", "--bogus", "summary", "-k", "--op")) {
            assertEquals(false, LegacyParser.takesNextArgument(a), a);
        }
    }

    @Test
    void prefixOfSeveralFlagsIsTheFirstOfThem() throws Exception {
        // glibc getopt_long with the original's table (all options flag = NULL, val = 0): matches
        // that agree on has_arg are not ambiguous, the first registered wins (checked with glibc 2.36)
        assertEquals(List.of("distinct-ops"), LegacyParser.parse(List.of("--distinct")).analyses());
        assertEquals(List.of("syscall-accesses"), LegacyParser.parse(List.of("--sy")).analyses());
        assertEquals(List.of("check-testcases"), LegacyParser.parse(List.of("--check")).analyses());
        assertEquals(List.of("check-testcases"), LegacyParser.parse(List.of("--c")).analyses());
        assertEquals(List.of("abstract-scopes"), LegacyParser.parse(List.of("--a")).analyses());
        assertEquals(List.of("cache-assoc"), LegacyParser.parse(List.of("--ca")).analyses());
        assertEquals(List.of("0x10"), LegacyParser.parse(List.of("--st", "0x10")).arguments().get("stack-trace-pc"));
    }
}
