package org.mtrace.analyses.sharedaddr;

import org.mtrace.mscan.kernel.Attribution;
import org.mtrace.mscan.kernel.RegionLabel;
import org.mtrace.mscan.kernel.StackFrameVotes;
import org.mtrace.mscan.labels.LabelMaps;

/**
 * The frame of a shared-addresses row on a kernel stack (issue 16 item 1): the row's PCs vote with the
 * slot each one's instruction addresses through {@code %rsp} ({@link StackFrameVotes}), so shared-addresses
 * and attribution describe the row alike.
 */
final class StackRow {
    private StackRow() {
    }

    /** The votes of the row's PCs when its label is a stack ({@link RegionLabel.Kind#STACK}), else null. */
    static StackFrameVotes votes(Attribution attribution, AddressRow row) {
        if (row.labelType != LabelMaps.BLOCK) {
            return null;
        }
        RegionLabel.Purpose p = RegionLabel.of(row.name);
        if (p == null || p.kind() != RegionLabel.Kind.STACK) {
            return null;
        }
        StackFrameVotes votes = new StackFrameVotes();
        for (long pc : row.sortedPcs()) {
            votes.add(attribution.stackSlot(pc), pc);
        }
        return votes;
    }
}
