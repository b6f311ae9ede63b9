package org.mtrace.dwarf.read;

/** DWARF attribute forms (DWARF 5 table 7.6, plus the GNU extensions gcc emits) and how to skip them. */
public final class Form {
    private Form() {}
    public static final int ADDR = 0x01, BLOCK2 = 0x03, BLOCK4 = 0x04, DATA2 = 0x05, DATA4 = 0x06, DATA8 = 0x07,
            STRING = 0x08, BLOCK = 0x09, BLOCK1 = 0x0a, DATA1 = 0x0b, FLAG = 0x0c, SDATA = 0x0d, STRP = 0x0e,
            UDATA = 0x0f, REF_ADDR = 0x10, REF1 = 0x11, REF2 = 0x12, REF4 = 0x13, REF8 = 0x14, REF_UDATA = 0x15,
            INDIRECT = 0x16, SEC_OFFSET = 0x17, EXPRLOC = 0x18, FLAG_PRESENT = 0x19, STRX = 0x1a, ADDRX = 0x1b,
            REF_SUP4 = 0x1c, STRP_SUP = 0x1d, DATA16 = 0x1e, LINE_STRP = 0x1f, REF_SIG8 = 0x20,
            IMPLICIT_CONST = 0x21, LOCLISTX = 0x22, RNGLISTX = 0x23, REF_SUP8 = 0x24, STRX1 = 0x25, STRX2 = 0x26,
            STRX3 = 0x27, STRX4 = 0x28, ADDRX1 = 0x29, ADDRX2 = 0x2a, ADDRX3 = 0x2b, ADDRX4 = 0x2c,
            GNU_ADDR_INDEX = 0x1f01, GNU_STR_INDEX = 0x1f02, GNU_REF_ALT = 0x1f20, GNU_STRP_ALT = 0x1f21;

    /**
     * Byte size of a value of this form when it does not depend on the data, -1 for variable-size forms,
     * -2 for a form this reader does not know. {@code implicit_const} takes no bytes.
     */
    public static int fixedSize(int form, int addrSize, int offsetSize, int version) {
        switch (form) {
            case FLAG_PRESENT: case IMPLICIT_CONST: return 0;
            case DATA1: case REF1: case FLAG: case STRX1: case ADDRX1: return 1;
            case DATA2: case REF2: case STRX2: case ADDRX2: return 2;
            case STRX3: case ADDRX3: return 3;
            case DATA4: case REF4: case REF_SUP4: case STRX4: case ADDRX4: return 4;
            case DATA8: case REF8: case REF_SIG8: case REF_SUP8: return 8;
            case DATA16: return 16;
            case ADDR: return addrSize;
            case REF_ADDR: return version <= 2 ? addrSize : offsetSize;
            case STRP: case LINE_STRP: case SEC_OFFSET: case STRP_SUP: case GNU_REF_ALT: case GNU_STRP_ALT:
                return offsetSize;
            case STRING: case BLOCK: case BLOCK1: case BLOCK2: case BLOCK4: case EXPRLOC: case SDATA: case UDATA:
            case REF_UDATA: case STRX: case ADDRX: case LOCLISTX: case RNGLISTX: case INDIRECT:
            case GNU_ADDR_INDEX: case GNU_STR_INDEX:
                return -1;
            default:
                return -2;
        }
    }

    /** Advances the cursor past one value of a variable-size form (fixed forms must be handled by the caller). */
    public static void skipVariable(Cursor c, int form, Unit unit) {
        switch (form) {
            case STRING: c.skipCString(); return;
            case BLOCK: case EXPRLOC: skipBlock(c, c.uleb(), unit); return;
            case BLOCK1: skipBlock(c, c.u8(), unit); return;
            case BLOCK2: skipBlock(c, c.u16(), unit); return;
            case BLOCK4: skipBlock(c, c.u32(), unit); return;
            case SDATA: case UDATA: case REF_UDATA: case STRX: case ADDRX: case LOCLISTX: case RNGLISTX:
            case GNU_ADDR_INDEX: case GNU_STR_INDEX:
                c.skipUleb(); return;
            case INDIRECT: {
                int actual = (int) c.uleb();
                skip(c, actual, unit);
                return;
            }
            default:
                throw unit.error("unsupported attribute form 0x" + Integer.toHexString(form));
        }
    }

    private static void skipBlock(Cursor c, long length, Unit unit) {
        if (length < 0 || length > c.buf.limit() - c.pos) throw unit.error("block of " + length
                + " bytes at offset 0x" + Integer.toHexString(c.pos) + " runs past the end of the section");
        c.pos += (int) length;
    }

    /** Advances the cursor past one value of any form. */
    public static void skip(Cursor c, int form, Unit unit) {
        int size = fixedSize(form, unit.addrSize, unit.offsetSize, unit.version);
        if (size >= 0) c.pos += size;
        else skipVariable(c, form, unit);
    }
}
