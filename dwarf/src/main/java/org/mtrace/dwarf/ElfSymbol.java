package org.mtrace.dwarf;

/**
 * One ELF symbol-table entry (OBJECT, FUNC or other), as mscan's static labels need it. {@code section} is
 * the raw {@code st_shndx} (0 undefined, 0xfff1 absolute).
 */
public record ElfSymbol(String name, long address, long size, Binding binding, Kind kind, int section) {
    public enum Binding { LOCAL, GLOBAL, WEAK, OTHER;
        public static Binding of(int elfBinding) {
            return switch (elfBinding) { case 0 -> LOCAL; case 1 -> GLOBAL; case 2 -> WEAK; default -> OTHER; };
        }
    }
    public enum Kind { NOTYPE, OBJECT, FUNC, SECTION, FILE, OTHER;
        public static Kind of(int elfType) {
            return switch (elfType) { case 0 -> NOTYPE; case 1 -> OBJECT; case 2 -> FUNC; case 3 -> SECTION;
                case 4 -> FILE; default -> OTHER; };
        }
    }
}
