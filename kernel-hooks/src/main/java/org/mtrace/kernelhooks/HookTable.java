package org.mtrace.kernelhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The recorder plugin's hook table (docs/recorder.md "Hook table"): one {@code KIND NAME VALUE}
 * line per fact, {@code #} comments.  Kinds: {@code func} (entry address of a hooked kernel
 * function), {@code symbol} (variable address), {@code offset} (struct.field byte offset),
 * {@code size} (struct size).  Facts the kernel lacks become comments, so the plugin disables
 * just the hooks that need them.
 */
public record HookTable(List<Line> lines) {
    /** Where the facts are listed, one per line (also read by scripts/gen-hook-table.sh). */
    static final String FACTS = "hook-facts.txt";

    /**
     * A hooked kernel function: the plugin's handler name and the kernel symbols to look for,
     * in order (the handler's own name first, then the names later kernels gave the function).
     */
    public record Function(String hook, List<String> symbols) {
    }

    /** Kernel functions the plugin has handlers for (recorder/src/kernel_hooks.c). */
    public static final List<Function> FUNCTIONS;
    /** Variables whose addresses the hooks read. */
    public static final List<String> SYMBOLS;
    /** struct.field offsets the hooks read. */
    public static final List<String> FIELDS;
    /** Structs whose size the hooks need. */
    public static final List<String> SIZES;

    static {
        List<Function> functions = new ArrayList<>();
        Map<String, List<String>> names = new HashMap<>();
        for (String kind : List.of("symbol", "offset", "size")) {
            names.put(kind, new ArrayList<>());
        }
        for (String line : readFacts()) {
            String[] w = line.split("\\s+");
            if (w[0].equals("func")) {
                List<String> symbols = new ArrayList<>(Arrays.asList(w).subList(1, w.length));
                functions.add(new Function(w[1], List.copyOf(symbols)));
            } else if (names.containsKey(w[0]) && w.length == 2) {
                names.get(w[0]).add(w[1]);
            } else {
                throw new IllegalStateException(FACTS + ": bad line '" + line + "'");
            }
        }
        FUNCTIONS = List.copyOf(functions);
        SYMBOLS = List.copyOf(names.get("symbol"));
        FIELDS = List.copyOf(names.get("offset"));
        SIZES = List.copyOf(names.get("size"));
    }

    private static List<String> readFacts() {
        try (InputStream in = HookTable.class.getResourceAsStream(FACTS)) {
            if (in == null) {
                throw new IllegalStateException(FACTS + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One fact; {@code value} empty means the kernel lacks it.  {@code symbol} is the kernel
     * symbol a {@code func} fact was found under, or what was looked for when it is missing.
     */
    public record Line(String kind, String name, OptionalLong value, List<String> symbols) {
        Line(String kind, String name, OptionalLong value) {
            this(kind, name, value, List.of(name));
        }

        String render() {
            if (value.isEmpty()) {
                return "# missing " + kind + " " + name
                        + (symbols.equals(List.of(name)) ? "" : " (looked for " + String.join(", ", symbols) + ")");
            }
            return kind + " " + name + " " + render(kind, value.getAsLong())
                    + (symbols.equals(List.of(name)) ? "" : " # " + symbols.get(0));
        }

        private static String render(String kind, long v) {
            return kind.equals("func") || kind.equals("symbol") ? "0x" + Long.toHexString(v) : Long.toString(v);
        }
    }

    /** The first of a function's symbols the kernel has (its line names that symbol). */
    private static Line find(HookFacts k, Function f) {
        for (String s : f.symbols()) {
            OptionalLong a = k.symbolAddress(s);
            if (a.isPresent()) {
                return new Line("func", f.hook(), a, List.of(s));
            }
        }
        return new Line("func", f.hook(), OptionalLong.empty(), f.symbols());
    }

    /** Collects every fact the plugin uses from a kernel layout. */
    public static HookTable from(HookFacts k) {
        List<Line> lines = new ArrayList<>();
        FUNCTIONS.forEach(f -> lines.add(find(k, f)));
        SYMBOLS.forEach(s -> lines.add(new Line("symbol", s, k.symbolAddress(s))));
        for (String f : FIELDS) {
            int dot = f.indexOf('.');
            lines.add(new Line("offset", f, k.fieldOffset(f.substring(0, dot), f.substring(dot + 1))));
        }
        SIZES.forEach(s -> lines.add(new Line("size", s, k.structSize(s))));
        return new HookTable(List.copyOf(lines));
    }

    public void write(Writer out) {
        try {
            out.write("# mtrace hook table, format 1\n");
            for (Line l : lines) {
                out.write(l.render());
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
