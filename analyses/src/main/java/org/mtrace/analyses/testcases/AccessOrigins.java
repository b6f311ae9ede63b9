package org.mtrace.analyses.testcases;

import java.util.Arrays;
import java.util.Objects;
import org.mtrace.mscan.calls.StackSnapshot;

/**
 * Interned (object type name, call stack) pairs, the part of an access record that
 * {@link RangeColumns} keeps as one {@code int}: few distinct pairs recur across millions of
 * ranges. Looking a pair up allocates nothing (open addressing over ids).
 */
final class AccessOrigins {
    private String[] typeNames = new String[16];
    private StackSnapshot[] stacks = new StackSnapshot[16];
    private int count;
    /** id + 1 of the pair in each slot, 0 for free; a power of two, at most half full. */
    private int[] slots = new int[32];

    /** The pair's id (ids count from 0 in order of first use). */
    int id(String typeName, StackSnapshot stack) {
        int mask = slots.length - 1;
        for (int s = hash(typeName, stack) & mask;; s = (s + 1) & mask) {
            int id = slots[s] - 1;
            if (id < 0) {
                return add(typeName, stack, s);
            }
            if (typeNames[id].equals(typeName) && Objects.equals(stacks[id], stack)) {
                return id;
            }
        }
    }

    String typeName(int id) {
        return typeNames[id];
    }

    StackSnapshot stack(int id) {
        return stacks[id];
    }

    /** Do the two pairs name the same object type? (Mergeability ignores stacks.) */
    boolean sameTypeName(int a, int b) {
        return a == b || typeNames[a].equals(typeNames[b]);
    }

    private int add(String typeName, StackSnapshot stack, int slot) {
        if (count == typeNames.length) {
            typeNames = Arrays.copyOf(typeNames, 2 * count);
            stacks = Arrays.copyOf(stacks, 2 * count);
        }
        int id = count++;
        typeNames[id] = typeName;
        stacks[id] = stack;
        slots[slot] = id + 1;
        if (2 * count > slots.length) {
            rehash(2 * slots.length);
        }
        return id;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        int mask = capacity - 1;
        for (int id = 0; id < count; id++) {
            int s = hash(typeNames[id], stacks[id]) & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = id + 1;
        }
    }

    private static int hash(String typeName, StackSnapshot stack) {
        int h = (typeName.hashCode() * 31 + Objects.hashCode(stack)) * 0x9e3779b9; // spread over the low bits
        return h ^ (h >>> 16);
    }
}
