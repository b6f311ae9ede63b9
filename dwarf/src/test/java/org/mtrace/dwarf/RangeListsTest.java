package org.mtrace.dwarf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtrace.dwarf.read.At;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.read.RangeListsOffset;
import org.mtrace.dwarf.read.Ranges;
import org.mtrace.dwarf.read.Unit;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The typed range-list offset of an -O2 unit (its code is split between .text and .text.startup, so the
 * root has DW_AT_ranges): the section follows the unit's version, and the offset and the ranges are the
 * ones llvm-dwarfdump prints for the root (binutils 2.40's readelf leaves DWARF 5 lists without an
 * index out of its dump).
 */
class RangeListsTest {
    /** The first DW_AT_ranges of the dump (the unit root's): its offset, then one [lo, hi) per line. */
    private static final Pattern ROOT_RANGES = Pattern.compile(
            "DW_AT_ranges\\s*\\(0x([0-9a-f]+)((?:\\s*\\[0x[0-9a-f]+, 0x[0-9a-f]+\\))*)\\)");
    private static final Pattern RANGE = Pattern.compile("\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)");

    @ParameterizedTest
    @ValueSource(strings = {"-gdwarf-4", "-gdwarf-5"})
    void theRootsRangeListIsWhereLlvmDwarfdumpSays(String version) {
        assumeTrue(Fixtures.onPath("llvm-dwarfdump"), "llvm-dwarfdump not available");
        Path bin = Fixtures.build("inline.c", "gcc", "-g", version, "-O2");
        Matcher m = ROOT_RANGES.matcher(Fixtures.run("llvm-dwarfdump", "--debug-info", bin.toString()));
        assertTrue(m.find(), "llvm-dwarfdump shows no DW_AT_ranges");
        long expectedOffset = Long.parseLong(m.group(1), 16);
        StringBuilder expected = new StringBuilder();
        for (Matcher r = RANGE.matcher(m.group(2)); r.find(); ) {
            expected.append(Long.toHexString(Long.parseUnsignedLong(r.group(1), 16))).append('-')
                    .append(Long.toHexString(Long.parseUnsignedLong(r.group(2), 16))).append(' ');
        }
        assertTrue(expected.length() > 0, "no ranges at 0x" + Long.toHexString(expectedOffset));

        DwarfFile dwarf = DebugInfo.open(bin, null).dwarf();
        Unit unit = dwarf.unit(0);
        Die root = dwarf.die(unit.rootOffset());
        RangeListsOffset at = unit.rangeList(root.form(At.RANGES), root.constant(At.RANGES));
        String section = version.equals("-gdwarf-5") ? ".debug_rnglists" : ".debug_ranges";
        assertEquals(section + " offset 0x" + Long.toHexString(expectedOffset), at.describe());

        StringBuilder found = new StringBuilder();
        assertTrue(Ranges.of(root, (lo, hi) -> found.append(Long.toHexString(lo)).append('-')
                .append(Long.toHexString(hi)).append(' ')));
        assertEquals(expected.toString(), found.toString());
    }
}
