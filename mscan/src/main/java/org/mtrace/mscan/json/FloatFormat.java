package org.mtrace.mscan.json;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** C {@code printf("%f")} of a float widened to double (MSCAN.md Appendix B). */
public final class FloatFormat {
    private FloatFormat() {
    }

    /** Exactly six decimals, rounded half-to-even from the exact binary value, as glibc does. */
    public static String cFixed6(float f) {
        if (Float.isNaN(f)) {
            return "nan"; // glibc spelling (only reachable through 0/0, which the analyses avoid)
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal((double) f).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        // C prints the sign of negative zero and of values that round to zero
        return (f < 0 || (f == 0 && 1 / f < 0)) && !s.startsWith("-") ? "-" + s : s;
    }
}
