package org.mtrace.mscan.report.html;

import java.util.List;
import java.util.Map;
import org.mtrace.format.print.MiniJson;

/**
 * JSON for the tests: parsing through mtrace-format's strict {@link MiniJson} (values become Map,
 * List, String, BigInteger/BigDecimal, Boolean or null, so documents compare as values whatever
 * the page's escaping), and a small writer for DevTools messages.
 */
final class Json {
    private Json() {}

    /** The value of a JSON text (the strict parser shared from mtrace-format's tests). */
    static Object parse(String text) {
        return MiniJson.parse(text);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object v) {
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object v) {
        return (List<Object>) v;
    }

    /** JSON text of a value built from Map, List, String, Number, Boolean and null. */
    static String write(Object v) {
        StringBuilder b = new StringBuilder();
        write(v, b);
        return b.toString();
    }

    private static void write(Object v, StringBuilder b) {
        if (v instanceof Map) {
            b.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                b.append(sep);
                write(e.getKey(), b);
                b.append(':');
                write(e.getValue(), b);
                sep = ",";
            }
            b.append('}');
        } else if (v instanceof List) {
            b.append('[');
            String sep = "";
            for (Object o : (List<?>) v) {
                b.append(sep);
                write(o, b);
                sep = ",";
            }
            b.append(']');
        } else if (v instanceof String) {
            b.append('"');
            for (char c : ((String) v).toCharArray()) {
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            b.append('"');
        } else {
            b.append(v);
        }
    }
}
