package org.mtrace.mscan.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtrace.mscan.kernel.AddressDescription;
import org.mtrace.mscan.kernel.FixedKernelInfo;
import org.mtrace.mscan.kernel.KernelAttribution;

/**
 * An untyped group's form is the one with the most transfers among its keys, whatever order the
 * keys come in (it was the first key's form: which key came first decided it).
 */
class UntypedGroupsTest {
    private static final long DIRECT_MAP = 0xffff888000001000L;
    private static final AddressDescription REGION =
            new AddressDescription(AddressDescription.Form.REGION, null, null, 0, "a region");
    private static final AddressDescription NAME = new AddressDescription(AddressDescription.Form.NAME, "x", null, 0, "x+0x0");

    @Test
    void aGroupsFormIsItsMajorityFormInEitherOrder() {
        // unlabelled direct-map addresses: one group; 3 transfers described by a name, 5 as a region
        assertEquals(List.of(new Report.Untyped("direct map, unlabelled", "region", 8)), counted(NAME, 3, REGION, 5));
        assertEquals(List.of(new Report.Untyped("direct map, unlabelled", "region", 8)), counted(REGION, 5, NAME, 3));
        assertEquals(List.of(new Report.Untyped("direct map, unlabelled", "name", 8)), counted(REGION, 3, NAME, 5));
        assertEquals(List.of(new Report.Untyped("direct map, unlabelled", "name", 8)), counted(NAME, 5, REGION, 3));
    }

    private static List<Report.Untyped> counted(AddressDescription first, long n1, AddressDescription second, long n2) {
        UntypedGroups groups = new UntypedGroups(null, new KernelAttribution(FixedKernelInfo.none()));
        groups.count(0, first, DIRECT_MAP, n1);
        groups.count(0, second, DIRECT_MAP + 64, n2);
        return groups.largest();
    }
}
