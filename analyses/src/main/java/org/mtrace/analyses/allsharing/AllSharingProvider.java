package org.mtrace.analyses.allsharing;

/** all-sharing as the original has it: ascope recordings. */
public final class AllSharingProvider extends SharingModeProvider {
    public AllSharingProvider() {
        super(SharingMode.ASCOPE);
    }
}
