package org.mtrace.dwarf;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every mangled symbol of a C++ fixture (and some standard-library ones it pulls in) against c++filt. */
class DemanglerTest {
    @Test
    void agreesWithCxxfilt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Fixtures.onPath("c++filt"), "c++filt not installed");
        java.nio.file.Path bin = Fixtures.build("names.cc", "g++", "-g", "-O0");
        List<String> mangled = new ArrayList<>();
        for (String line : Fixtures.run("nm", bin.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            String sym = f[f.length - 1];
            if (sym.startsWith("_Z")) mangled.add(sym);
        }
        assertTrue(mangled.size() >= 12, "fixture has mangled names: " + mangled);
        List<String> cmd = new ArrayList<>(List.of("c++filt"));
        cmd.addAll(mangled);
        String[] expected = Fixtures.run(cmd.toArray(new String[0])).split("\n");
        for (int i = 0; i < mangled.size(); i++) assertEquals(expected[i], Demangler.demangle(mangled.get(i)), mangled.get(i));
    }

    @Test
    void handWorkedCasesAndPassThrough() {
        assertEquals("foo(int) [clone .isra.0]", Demangler.demangle("_Z3fooi.isra.0"));
        assertEquals("ns::C::~C()", Demangler.demangle("_ZN2ns1CD2Ev"));
        assertEquals("f(void (*)(int), char const*)", Demangler.demangle("_Z1fPFviEPKc"));
        assertEquals("jiffies", Demangler.demangle("jiffies"));
        assertEquals("_Zgarbage", Demangler.demangle("_Zgarbage"));
    }
}
