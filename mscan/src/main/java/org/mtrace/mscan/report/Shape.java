package org.mtrace.mscan.report;

import org.mtrace.mscan.kernel.RegionLabel;

/**
 * What a label says of the objects it names, as far as a description by type and field needs it:
 * the keys count transfers per shape, not per object (see {@link org.mtrace.mscan.lines.Key}).
 * {@code name} is the label's name, or for a name the recorder gave by purpose and owner
 * ({@code stack of 812 (rm)}) its purpose alone: such labels describe no type, and one shape per
 * owner made most of the keys on recordings with many processes (16.3 M keys instead of 9.6 M on
 * a 28.5 M-transfer recording of exim on Debian's 6.1 kernel).
 */
record Shape(String name, int labelType, long allocPc, RegionLabel.Purpose purpose) {
    static Shape of(String name, int labelType, long allocPc) {
        RegionLabel.Purpose purpose = RegionLabel.of(name);
        return new Shape(purpose == null ? name : "(" + purpose.what() + ")", labelType, allocPc, purpose);
    }

    /** What its objects are, for grouping: the purpose alone for a purpose-named label ("task stack"), else the name. */
    String what() {
        return purpose == null ? name : purpose.what();
    }
}
