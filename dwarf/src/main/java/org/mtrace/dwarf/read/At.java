package org.mtrace.dwarf.read;

/** DWARF attribute names (DWARF 5 table 7.5) used by this reader. */
public final class At {
    private At() {}
    public static final int SIBLING = 0x01, LOCATION = 0x02, NAME = 0x03, BYTE_SIZE = 0x0b, BIT_OFFSET = 0x0c, BIT_SIZE = 0x0d,
            STMT_LIST = 0x10, LOW_PC = 0x11, HIGH_PC = 0x12, LANGUAGE = 0x13, COMP_DIR = 0x1b, INLINE = 0x20, PROTOTYPED = 0x27,
            LOWER_BOUND = 0x22, PRODUCER = 0x25, UPPER_BOUND = 0x2f, ABSTRACT_ORIGIN = 0x31, COUNT = 0x37,
            DATA_MEMBER_LOCATION = 0x38, DECLARATION = 0x3c, EXTERNAL = 0x3f, SPECIFICATION = 0x47, TYPE = 0x49,
            BYTE_STRIDE = 0x51, RANGES = 0x55, CALL_FILE = 0x58, CALL_LINE = 0x59, SIGNATURE = 0x69,
            DATA_BIT_OFFSET = 0x6b, LINKAGE_NAME = 0x6e, STR_OFFSETS_BASE = 0x72, ADDR_BASE = 0x73,
            RNGLISTS_BASE = 0x74, MIPS_LINKAGE_NAME = 0x2007, GNU_RANGES_BASE = 0x2132, GNU_ADDR_BASE = 0x2133;
}
