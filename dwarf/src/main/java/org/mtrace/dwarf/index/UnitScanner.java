package org.mtrace.dwarf.index;

import org.eclipse.collections.impl.list.mutable.primitive.ByteArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;
import org.eclipse.collections.impl.map.mutable.primitive.LongIntHashMap;
import org.mtrace.dwarf.read.Abbrev;
import org.mtrace.dwarf.read.At;
import org.mtrace.dwarf.read.Cursor;
import org.mtrace.dwarf.read.Die;
import org.mtrace.dwarf.read.DieOffset;
import org.mtrace.dwarf.read.DieWalker;
import org.mtrace.dwarf.read.DwarfFile;
import org.mtrace.dwarf.read.Ranges;
import org.mtrace.dwarf.read.Tag;
import org.mtrace.dwarf.read.Unit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * One indexing worker: walks the DIEs of the units it is given, byte by byte, and collects named types,
 * addressed variables, functions with code and unit ranges into primitive lists. Only the few DIEs that
 * matter are decoded into {@link Die} objects; everything else is skipped by its abbreviation's sizes.
 */
final class UnitScanner {
    private static final int DW_OP_ADDR = 0x03, DW_OP_ADDRX = 0xa1, DW_OP_GNU_ADDR_INDEX = 0xfb;

    private final DwarfFile file;
    // Names are interned per worker: string key -> local id -> String.
    private final LongIntHashMap keyToLocal = new LongIntHashMap();
    private final HashMap<String, Integer> nameToLocal = new HashMap<>();
    final List<String> localNames = new ArrayList<>();

    final IntArrayList typeName = new IntArrayList(), typeDie = new IntArrayList();
    final ByteArrayList typeTag = new ByteArrayList();
    final LongArrayList varAddr = new LongArrayList();
    final IntArrayList varDie = new IntArrayList();
    final LongArrayList fnLo = new LongArrayList(), fnHi = new LongArrayList();
    final IntArrayList fnDie = new IntArrayList();
    final LongArrayList cuLo = new LongArrayList(), cuHi = new LongArrayList();
    final IntArrayList cuUnit = new IntArrayList();
    long dies;

    /**
     * In a linked binary a function at address 0 is one the linker discarded; in a relocatable object the
     * first code section is placed at 0 (as gdb places it), so there 0 is a real address.
     */
    private final boolean zeroIsAddress;

    UnitScanner(DwarfFile file) {
        this.file = file;
        this.zeroIsAddress = file.elf().isRelocatable();
    }

    /**
     * The walk keeps DIE offsets as plain global ints ({@link Die#atGlobal}, {@link Die#globalOffset()}):
     * it decodes about a million DIEs of a kernel, and makes no typed {@link DieOffset} for them.
     */
    void scan(Unit u) {
        Cursor c = new Cursor(u.buf, u.dieOffset);
        int[] parents = new int[64];
        String[] scopes = new String[64]; // namespace names of the open namespace DIEs, by depth
        int depth = 0;
        while (c.pos < u.end) {
            int dieStart = c.pos;
            long code = c.uleb();
            if (code == 0) {
                if (depth > 0) depth--;
                continue;
            }
            Abbrev a = u.abbrevs().get(code);
            if (a == null) throw u.error("unknown abbreviation code " + code + " at DIE "
                    + new DieOffset(u.bias + dieStart));
            dies++;
            int tag = a.tag;
            boolean skipSubtree = false;
            if (depth == 0) {
                Die root = Die.atGlobal(u, u.bias + dieStart);
                unitRoot(u, root);
                c.pos = root.attrsEnd();
            } else if (tag == Tag.SUBPROGRAM && a.hasPc) {
                Die d = Die.atGlobal(u, u.bias + dieStart);
                function(d);
                c.pos = d.attrsEnd();
            } else if (tag == Tag.VARIABLE && a.hasExprLocation) {
                Die d = Die.atGlobal(u, u.bias + dieStart);
                variable(u, d);
                c.pos = d.attrsEnd();
            } else if (tag == Tag.NAMESPACE && (depth == 1 || parents[depth] == Tag.NAMESPACE)) {
                Die d = Die.atGlobal(u, u.bias + dieStart);
                String n = d.name();
                String outer = depth == 1 ? null : scopes[depth];
                String scope = n == null ? "(anonymous namespace)" : n;
                if (depth + 1 == scopes.length) scopes = java.util.Arrays.copyOf(scopes, scopes.length * 2);
                scopes[depth + 1] = outer == null ? scope : outer + "::" + scope;
                c.pos = d.attrsEnd();
            } else if (a.hasName && Tag.isNamedType(tag)
                    && (depth == 1 || parents[depth] == Tag.NAMESPACE)) {
                Die d = Die.atGlobal(u, u.bias + dieStart);
                type(d, depth == 1 ? null : scopes[depth]);
                c.pos = d.attrsEnd();
                // Members of a type hold nothing else worth indexing: jump over them when the producer
                // left a sibling pointer.
                if (a.hasChildren && d.has(At.SIBLING)) {
                    int sib = d.nextSiblingOffset();
                    if (sib > d.globalOffset()) { c.pos = sib - u.bias; skipSubtree = true; }
                }
            } else {
                DieWalker.skipAttributes(c, a, u);
            }
            if (a.hasChildren && !skipSubtree) {
                if (++depth == parents.length) parents = java.util.Arrays.copyOf(parents, depth * 2);
                parents[depth] = tag;
            }
        }
    }

    private void unitRoot(Unit u, Die root) {
        if (u.isTypeUnit()) return;
        Ranges.of(root, (lo, hi) -> { cuLo.add(lo); cuHi.add(hi); cuUnit.add(u.index); });
    }

    private void function(Die d) {
        Ranges.of(d, (lo, hi) -> {
            if (lo != 0 || zeroIsAddress) { fnLo.add(lo); fnHi.add(hi); fnDie.add(d.globalOffset()); }
        });
    }

    private void variable(Unit u, Die d) {
        if (d.flag(At.DECLARATION)) return;
        int[] blk = d.block(At.LOCATION);
        if (blk == null || blk[1] < 2) return;
        Cursor c = new Cursor(u.buf, blk[0]);
        int end = blk[0] + blk[1];
        int op = c.u8();
        long addr;
        if (op == DW_OP_ADDR) addr = c.unsigned(u.addrSize);
        else if (op == DW_OP_ADDRX || op == DW_OP_GNU_ADDR_INDEX) addr = file.addrx(u, c.uleb());
        else return;
        if (c.pos != end) return; // TLS or computed locations are not plain static storage
        varAddr.add(addr);
        varDie.add(d.globalOffset());
    }

    /** Records a type definition under its name, and under {@code scope::name} inside a namespace. */
    private void type(Die d, String scope) {
        if (d.flag(At.DECLARATION)) return;
        long key = d.nameKey();
        if (key < 0) return;
        int local = keyToLocal.getIfAbsent(key, -1);
        if (local < 0) {
            local = intern(file.stringOf(key));
            keyToLocal.put(key, local);
        }
        addType(local, d);
        if (scope != null) addType(intern(scope + "::" + file.stringOf(key)), d);
    }

    private int intern(String name) {
        Integer existing = nameToLocal.get(name);
        if (existing == null) {
            existing = localNames.size();
            localNames.add(name);
            nameToLocal.put(name, existing);
        }
        return existing;
    }

    private void addType(int local, Die d) {
        typeName.add(local);
        typeDie.add(d.globalOffset());
        typeTag.add((byte) d.tag());
    }
}
