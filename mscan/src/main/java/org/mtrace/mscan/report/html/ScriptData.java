package org.mtrace.mscan.report.html;

/**
 * Makes a JSON text safe to embed in an HTML {@code <script type="application/json">} data block.
 *
 * <p>The HTML parser ends a script element at {@code </script} and enters a different state at
 * {@code <!--}, whatever the script's type; every {@code <} therefore becomes the JSON escape
 * {@code \u003c}. U+2028 and U+2029 become {@code \u2028}/{@code \u2029} so the text also stays a
 * valid JavaScript string literal for older engines. In valid JSON these characters can only occur
 * inside strings, never inside an escape sequence, so {@code JSON.parse} of the result yields the
 * same value as of the input.
 */
final class ScriptData {
    private ScriptData() {}

    /** The escaped text; the input itself when it needs no escaping (the common case). */
    static String escape(String json) {
        int first = firstUnsafe(json, 0);
        if (first < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 64);
        int from = 0;
        for (int i = first; i >= 0; i = firstUnsafe(json, from)) {
            out.append(json, from, i);
            char c = json.charAt(i);
            out.append(c == '<' ? "\\u003c" : c == '\u2028' ? "\\u2028" : "\\u2029");
            from = i + 1;
        }
        return out.append(json, from, json.length()).toString();
    }

    private static int firstUnsafe(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<' || c == '\u2028' || c == '\u2029') {
                return i;
            }
        }
        return -1;
    }
}
