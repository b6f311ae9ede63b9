package org.mtrace.dwarf.btf;

import org.mtrace.dwarf.DwarfException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A BTF blob (the kernel's {@code .BTF} section, Documentation/bpf/btf.rst): header, type section and
 * string section. Opening walks the type section once to find where each type id's record starts
 * (ids are the record's position, 1-based; 0 is void) and checks every record and its trailing data
 * against the section bounds; member, element and name lookups are decoded on demand. A fault is one
 * {@link DwarfException} line naming the file and the byte offset in the blob.
 */
public final class Btf {
    public static final int INT = 1, PTR = 2, ARRAY = 3, STRUCT = 4, UNION = 5, ENUM = 6, FWD = 7, TYPEDEF = 8,
            VOLATILE = 9, CONST = 10, RESTRICT = 11, FUNC = 12, FUNC_PROTO = 13, VAR = 14, DATASEC = 15,
            FLOAT = 16, DECL_TAG = 17, TYPE_TAG = 18, ENUM64 = 19;
    private static final int MAGIC = 0xeb9f, HEADER_MIN = 24, RECORD = 12;

    private final String file;
    private final ByteBuffer buf;
    private final int typeStart, typeEnd, strStart, strEnd;
    /** Byte offset (in {@link #buf}) of each type id's record; index 0 (void) unused. */
    private final int[] record;
    private volatile Map<String, Integer> byName;

    private Btf(String file, ByteBuffer buf, int typeStart, int typeEnd, int strStart, int strEnd, int[] record) {
        this.file = file;
        this.buf = buf;
        this.typeStart = typeStart;
        this.typeEnd = typeEnd;
        this.strStart = strStart;
        this.strEnd = strEnd;
        this.record = record;
    }

    /** Parses {@code blob} (positions 0..limit); {@code file} names it in error messages. */
    public static Btf parse(String file, ByteBuffer blob) {
        ByteBuffer b = blob.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < HEADER_MIN) throw fault(file, 0, "BTF shorter than its 24-byte header");
        int magic = b.getShort(0) & 0xffff;
        if (magic != MAGIC) {
            b.order(ByteOrder.BIG_ENDIAN);
            if ((b.getShort(0) & 0xffff) != MAGIC)
                throw fault(file, 0, "bad BTF magic 0x" + Integer.toHexString(magic));
        }
        if (b.get(2) != 1) throw fault(file, 2, "unsupported BTF version " + b.get(2));
        long hdrLen = u32(b, 4);
        long typeOff = u32(b, 8), typeLen = u32(b, 12), strOff = u32(b, 16), strLen = u32(b, 20);
        if (hdrLen < HEADER_MIN || hdrLen > b.limit()) throw fault(file, 4, "header length " + hdrLen + " out of bounds");
        long ts = hdrLen + typeOff, te = ts + typeLen, ss = hdrLen + strOff, se = ss + strLen;
        if (te > b.limit()) throw fault(file, 12, "type section [" + ts + ", " + te + ") past the end " + b.limit());
        if (se > b.limit() || strLen == 0) throw fault(file, 20, "string section [" + ss + ", " + se + ") past the end "
                + b.limit() + " or empty");
        int[] rec = new int[16];
        int n = 1;
        int p = (int) ts;
        while (p < te) {
            if (p + RECORD > te) throw fault(file, p, "type " + n + " record cut off by the end of the type section");
            int trailing = trailing(file, b, p, n);
            long next = (long) p + RECORD + trailing;
            if (next > te) throw fault(file, p, "type " + n + " data runs past the end of the type section");
            checkName(file, b, p, u32(b, p), ss, se, n);
            if (n == rec.length) rec = java.util.Arrays.copyOf(rec, n * 2);
            rec[n++] = p;
            p = (int) next;
        }
        return new Btf(file, b, (int) ts, (int) te, (int) ss, (int) se, java.util.Arrays.copyOf(rec, n));
    }

    private static int trailing(String file, ByteBuffer b, int p, int id) {
        int info = b.getInt(p + 4);
        int kind = (info >>> 24) & 0x1f, vlen = info & 0xffff;
        switch (kind) {
            case INT: case VAR: case DECL_TAG: return 4;
            case ARRAY: return 12;
            case STRUCT: case UNION: case DATASEC: case ENUM64: return 12 * vlen;
            case ENUM: case FUNC_PROTO: return 8 * vlen;
            case PTR: case FWD: case TYPEDEF: case VOLATILE: case CONST: case RESTRICT: case FUNC: case FLOAT:
            case TYPE_TAG: return 0;
            default: throw fault(file, p + 4, "type " + id + " has unknown kind " + kind);
        }
    }

    private static void checkName(String file, ByteBuffer b, int at, long nameOff, long ss, long se, int id) {
        if (ss + nameOff >= se) throw fault(file, at, "type " + id + " name offset " + nameOff
                + " outside the string section");
    }

    private static DwarfException fault(String file, long offset, String detail) {
        return new DwarfException(file, ".BTF offset 0x" + Long.toHexString(offset) + ": " + detail);
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffffffffL;
    }

    /** The file named in messages. */
    public String file() { return file; }

    /** Number of type ids including void (0): valid ids are 0 .. count()-1. */
    public int count() { return record.length; }

    private int rec(int id) {
        if (id <= 0 || id >= record.length) throw fault(file, typeStart, "type id " + id + " out of range 1.."
                + (record.length - 1));
        return record[id];
    }

    /** The record's kind ({@link #INT} ...); 0 for void. */
    public int kind(int id) { return id == 0 ? 0 : (buf.getInt(rec(id) + 4) >>> 24) & 0x1f; }

    public int vlen(int id) { return buf.getInt(rec(id) + 4) & 0xffff; }

    public boolean kindFlag(int id) { return buf.getInt(rec(id) + 4) < 0; }

    /** The name, "" when anonymous. */
    public String name(int id) { return id == 0 ? "void" : string(u32(buf, rec(id)), rec(id)); }

    /** {@code size} (INT, STRUCT, UNION, ENUM, DATASEC, FLOAT) or {@code type} (the others) field. */
    public long sizeOrType(int id) { return u32(buf, rec(id) + 8); }

    /** The referenced id of a PTR, TYPEDEF, qualifier, VAR, FUNC or TYPE_TAG, checked. */
    public int ref(int id) { return checkedId(u32(buf, rec(id) + 8), rec(id) + 8); }

    private int checkedId(long t, int at) {
        if (t >= record.length) throw fault(file, at, "type id " + t + " out of range 0.." + (record.length - 1));
        return (int) t;
    }

    private int data(int id) { return rec(id) + RECORD; }

    /** Member {@code i} of a STRUCT/UNION: name. */
    public String memberName(int id, int i) { int at = data(id) + 12 * i; return string(u32(buf, at), at); }

    public int memberType(int id, int i) { int at = data(id) + 12 * i; return checkedId(u32(buf, at + 4), at + 4); }

    /** Bit offset of member {@code i}; with kind_flag the low 24 bits (the top 8 are the bit-field size). */
    public long memberBitOffset(int id, int i) {
        long v = u32(buf, data(id) + 12 * i + 8);
        return kindFlag(id) ? v & 0xffffff : v;
    }

    /** Bit-field width of member {@code i}, 0 when it is not a bit-field (kind_flag encoding only). */
    public int memberBitSize(int id, int i) {
        return kindFlag(id) ? (int) (u32(buf, data(id) + 12 * i + 8) >>> 24) : 0;
    }

    public int arrayElement(int id) { return checkedId(u32(buf, data(id)), data(id)); }

    public long arrayCount(int id) { return u32(buf, data(id) + 8); }

    /** DATASEC entry {@code i}: the VAR's id, its offset and size in the section. */
    public int secVar(int id, int i) { int at = data(id) + 12 * i; return checkedId(u32(buf, at), at); }

    public long secOffset(int id, int i) { return u32(buf, data(id) + 12 * i + 4); }

    public long secSize(int id, int i) { return u32(buf, data(id) + 12 * i + 8); }

    private String string(long off, int at) {
        long s = strStart + off;
        if (s >= strEnd) throw fault(file, at, "name offset " + off + " outside the string section");
        int e = (int) s;
        while (e < strEnd && buf.get(e) != 0) e++;
        if (e == strEnd) throw fault(file, s, "string not terminated inside the string section");
        byte[] bytes = new byte[e - (int) s];
        buf.get((int) s, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Peels typedefs, qualifiers and type tags; 0 for void. */
    public int strip(int id) {
        for (int i = 0; i < 64 && id != 0; i++) {
            int k = kind(id);
            if (k != TYPEDEF && k != VOLATILE && k != CONST && k != RESTRICT && k != TYPE_TAG) return id;
            id = ref(id);
        }
        return id;
    }

    /** Byte size of a type (pointers 8 bytes: BTF is only emitted for 64-bit kernels here). */
    public long sizeOf(int id) {
        for (int depth = 0; depth < 64; depth++) {
            id = strip(id);
            switch (kind(id)) {
                case INT: case STRUCT: case UNION: case ENUM: case ENUM64: case FLOAT: case DATASEC:
                    return sizeOrType(id);
                case PTR: return 8;
                case ARRAY: return arrayCount(id) * sizeOf(arrayElement(id));
                default: return 0;
            }
        }
        return 0;
    }

    /**
     * The id of a named type: {@code struct X}, {@code union X}, {@code enum X} or a plain name (a
     * struct/union first, then a typedef, as {@code (type)} casts in mscan output name structs);
     * 0 when there is none. Complete definitions win over FWD declarations.
     */
    public int find(String spelled) {
        String name = spelled.trim();
        int want = 0;
        if (name.startsWith("struct ")) { want = STRUCT; name = name.substring(7).trim(); }
        else if (name.startsWith("union ")) { want = UNION; name = name.substring(6).trim(); }
        else if (name.startsWith("enum ")) { want = ENUM; name = name.substring(5).trim(); }
        Integer tagged = names().get(name);
        if (tagged != null && (want == 0 || kind(tagged) == want || (want == ENUM && kind(tagged) == ENUM64)))
            return tagged;
        if (want != 0) return 0;
        Integer typedef = names().get("typedef " + name);
        return typedef == null ? 0 : typedef;
    }

    /** Name index built on first use: struct/union/enum by name, typedefs as "typedef NAME", vars as "var NAME". */
    private Map<String, Integer> names() {
        Map<String, Integer> m = byName;
        if (m == null) {
            m = new HashMap<>(record.length * 2);
            for (int id = 1; id < record.length; id++) {
                int k = kind(id);
                String key;
                if (k == STRUCT || k == UNION || k == ENUM || k == ENUM64) key = name(id);
                else if (k == TYPEDEF) key = "typedef " + name(id);
                else if (k == VAR) key = "var " + name(id);
                else continue;
                if (!key.isEmpty()) m.putIfAbsent(key, id);
            }
            byName = m;
        }
        return m;
    }

    /** The VAR of that name (per-CPU variables in vmlinux BTF), 0 if none. */
    public int variable(String name) {
        Integer v = names().get("var " + name);
        return v == null ? 0 : v;
    }

    /** The DATASEC of that name ({@code .data..percpu}), 0 if none. */
    public int dataSection(String name) {
        for (int id = 1; id < record.length; id++) if (kind(id) == DATASEC && name.equals(name(id))) return id;
        return 0;
    }

    /** C spelling of a type for layouts: {@code struct list_head}, {@code int *}, {@code char[16]}. */
    public String typeName(int id) {
        StringBuilder suffix = new StringBuilder();
        for (int depth = 0; depth < 32; depth++) {
            switch (kind(id)) {
                case 0: return "void" + suffix;
                case STRUCT: return "struct " + name(id) + suffix;
                case UNION: return "union " + name(id) + suffix;
                case ENUM: case ENUM64: return "enum " + name(id) + suffix;
                case FWD: return (kindFlag(id) ? "union " : "struct ") + name(id) + suffix;
                case PTR: suffix.insert(0, " *"); id = ref(id); break;
                case ARRAY: suffix.append('[').append(arrayCount(id)).append(']'); id = arrayElement(id); break;
                case CONST: suffix.insert(0, " const"); id = ref(id); break;
                case VOLATILE: suffix.insert(0, " volatile"); id = ref(id); break;
                case RESTRICT: case TYPE_TAG: id = ref(id); break;
                case FUNC_PROTO: return "fn" + suffix;
                default: return name(id) + suffix;
            }
        }
        return "?";
    }

    /** Bytes of the type section and string section (the {@code mdwarf info} line). */
    public int typeBytes() { return typeEnd - typeStart; }

    public int stringBytes() { return strEnd - strStart; }
}
