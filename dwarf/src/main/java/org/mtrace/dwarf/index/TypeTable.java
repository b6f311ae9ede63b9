package org.mtrace.dwarf.index;

import org.mtrace.dwarf.read.DieOffset;

import java.util.HashMap;

/**
 * Type name -> every complete (non-declaration) top-level type DIE with that name, in DIE order, with the
 * DIE's tag. Stored as one sorted name array and CSR-style definition arrays.
 */
public final class TypeTable {
    final String[] names;
    /** Definitions of name i are at [defStart[i], defStart[i+1]). */
    final int[] defStart;
    final int[] defDie; // DieOffset.global() values: a compact array for the cache file
    final byte[] defTag;
    private final HashMap<String, Integer> ids;

    TypeTable(String[] names, int[] defStart, int[] defDie, byte[] defTag) {
        this.names = names;
        this.defStart = defStart;
        this.defDie = defDie;
        this.defTag = defTag;
        this.ids = new HashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) ids.put(names[i], i);
    }

    public String name(int id) { return names[id]; }
    public int nameCount() { return names.length; }
    public int definitionCount() { return defDie.length; }

    /** Id of a name, or -1. */
    public int id(String name) {
        Integer i = ids.get(name);
        return i == null ? -1 : i;
    }

    public int firstDefinition(int id) { return defStart[id]; }
    public int endDefinition(int id) { return defStart[id + 1]; }
    public DieOffset die(int def) { return new DieOffset(defDie[def]); }
    public int tag(int def) { return defTag[def] & 0xff; }
}
