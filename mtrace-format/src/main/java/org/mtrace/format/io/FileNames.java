package org.mtrace.format.io;

/**
 * File names as they appear in messages. Every error is one line on stderr, so a name holding a
 * line break (or any other control character) is escaped C-style: {@code \n}, {@code \t},
 * {@code \r}, {@code \\}, else {@code \xNN} (or {@code \\uNNNN} for Unicode line breaks). Names
 * without such characters are unchanged.
 */
public final class FileNames {
    private FileNames() {
    }

    public static String printable(String name) {
        int i = 0;
        while (i < name.length() && !needsEscape(name.charAt(i))) {
            i++;
        }
        if (i == name.length()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length() + 8).append(name, 0, i);
        for (; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!needsEscape(c)) {
                b.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case '\\' -> b.append("\\\\");
                default -> b.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
    }

    /**
     * Why an I/O operation failed, as the end of a one-line message: a log's own fault in its
     * words, the two everyday causes in plain words, else the exception's message.
     */
    public static String reason(java.io.IOException e) {
        if (e instanceof LogFormatException f) {
            return f.detail();
        }
        return e instanceof java.nio.file.NoSuchFileException ? "no such file"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : String.valueOf(e.getMessage());
    }
}
