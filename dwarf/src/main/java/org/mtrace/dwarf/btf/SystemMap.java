package org.mtrace.dwarf.btf;

import org.mtrace.dwarf.DwarfException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A kernel's {@code System.map} ({@code nm -n} output: {@code ADDRESS TYPE NAME} per line; a
 * {@code /proc/kallsyms} copy has the same shape). It has no sizes: a symbol is taken to reach the next
 * higher address, which over-covers the alignment padding after it. Text symbols ({@code t T W}) become
 * functions, data symbols ({@code d D b B r R}) objects. Debian's image package ships a one-line
 * placeholder ("The real System.map is in the ...-dbg package"): {@link #isPlaceholder()} says so.
 */
public final class SystemMap {
    /** One symbol with its derived extent. */
    public record Symbol(String name, long address, long size, boolean function) {}

    private final long[] address; // sorted unsigned
    private final String[] name;
    private final char[] type;
    private final Map<String, Long> byName = new HashMap<>();

    private SystemMap(long[] address, String[] name, char[] type) {
        this.address = address;
        this.name = name;
        this.type = type;
        for (int i = 0; i < name.length; i++) byName.putIfAbsent(name[i], address[i]);
    }

    /** Reads the file; a malformed line is one {@link DwarfException} naming the file, line and byte offset. */
    public static SystemMap read(Path file) {
        List<long[]> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        StringBuilder types = new StringBuilder();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            long offset = 0;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String[] f = line.trim().split("\\s+");
                if (!line.isBlank()) {
                    if (f.length < 3 || f[1].length() != 1) throw bad(file, lineNo, offset, "expected ADDRESS TYPE NAME");
                    long a;
                    try {
                        a = Long.parseUnsignedLong(f[0], 16);
                    } catch (NumberFormatException e) {
                        throw bad(file, lineNo, offset, "bad address '" + f[0] + "'");
                    }
                    rows.add(new long[] {a, names.size()});
                    names.add(f[2]);
                    types.append(f[1].charAt(0));
                }
                offset += line.length() + 1;
            }
        } catch (IOException e) {
            throw new DwarfException(file.toString(), "cannot read System.map: " + e.getMessage());
        }
        long[] addr = new long[rows.size()];
        String[] nm = new String[rows.size()];
        char[] ty = new char[rows.size()];
        for (int i = 0; i < addr.length; i++) {
            addr[i] = rows.get(i)[0];
            nm[i] = names.get((int) rows.get(i)[1]);
            ty[i] = types.charAt((int) rows.get(i)[1]);
        }
        return of(addr, nm, ty);
    }

    /** A map of parallel arrays in any order (sorted here by address, stable: same-address order is kept). */
    static SystemMap of(long[] address, String[] name, char[] type) {
        Integer[] order = new Integer[address.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Long.compareUnsigned(address[x], address[y]));
        long[] addr = new long[order.length];
        String[] nm = new String[order.length];
        char[] ty = new char[order.length];
        for (int i = 0; i < order.length; i++) {
            addr[i] = address[order[i]];
            nm[i] = name[order[i]];
            ty[i] = type[order[i]];
        }
        return new SystemMap(addr, nm, ty);
    }

    private static DwarfException bad(Path file, int line, long offset, String detail) {
        return new DwarfException(file.toString(), "System.map line " + line + " (byte offset " + offset + "): " + detail);
    }

    /** Debian's stand-in file (no real symbols). */
    public boolean isPlaceholder() {
        return address.length < 2;
    }

    public OptionalLong address(String symbol) {
        Long a = byName.get(symbol);
        return a == null ? OptionalLong.empty() : OptionalLong.of(a);
    }

    private static boolean isText(char t) { return t == 't' || t == 'T' || t == 'W'; }

    private static boolean isData(char t) { return "dDbBrRV".indexOf(t) >= 0; }

    /**
     * Symbols of one class with their extents to the next higher address (zero-size ones dropped); of
     * several at one address (aliases, section markers) the first in address order is kept, so labels
     * never overlap.
     */
    public List<Symbol> symbols(boolean functions) {
        List<Symbol> out = new ArrayList<>();
        for (int i = 0; i < address.length; i++) {
            if (functions ? !isText(type[i]) : !isData(type[i])) continue;
            if (i > 0 && address[i - 1] == address[i] && (functions ? isText(type[i - 1]) : isData(type[i - 1]))) continue;
            int j = i + 1;
            while (j < address.length && address[j] == address[i]) j++;
            long size = j < address.length ? address[j] - address[i] : 0;
            if (size != 0) out.add(new Symbol(name[i], address[i], size, functions));
        }
        return out;
    }

    public int size() { return address.length; }

    public long address(int i) { return address[i]; }

    public String name(int i) { return name[i]; }

    public char type(int i) { return type[i]; }
}
