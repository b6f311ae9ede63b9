package org.mtrace.dist;

/** The program LauncherTest runs through bin/_launch from a jar of its own: prints one line. */
public final class CdsProbe {
    private CdsProbe() {
    }

    public static void main(String[] args) {
        System.out.println("probe");
    }
}
