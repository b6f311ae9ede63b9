package org.mtrace.dwarf.read;

import org.mtrace.dwarf.DwarfException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The decoded line-number program of one unit ({@code .debug_line} versions 2-5), stored as parallel
 * primitive arrays of rows grouped in sequences sorted by start address. Lookup follows binutils: among
 * rows with the same address in a sequence the last one wins, and a PC maps to the row with the greatest
 * address not above it.
 */
public final class LineNumberTable {
    private static final int LNCT_PATH = 1, LNCT_DIRECTORY_INDEX = 2;

    private final String[] files;
    /** Whether file indexes start at 0 (DWARF 5) or 1 (DWARF 2-4). */
    private final int fileBase;
    private long[] addr;
    private int[] file, line;
    private int rows;
    /** Row ranges of sequences, sorted by start address; the last row of each is its end_sequence row. */
    private int[] seqStart, seqEnd;

    private LineNumberTable(String[] files, int fileBase) {
        this.files = files;
        this.fileBase = fileBase;
    }

    /** A found line: file name as written in the table (may include directories) and line number. */
    public record Location(String file, int line) {}

    /** The location of a PC, or null if no sequence covers it. */
    public Location find(long pc) {
        int s = findSequence(pc);
        if (s < 0) return null;
        int lo = seqStart[s], hi = seqEnd[s] - 1; // exclude the end_sequence row
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(addr[mid], pc) <= 0) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found < 0 ? null : new Location(fileName(file[found]), line[found]);
    }

    private int findSequence(long pc) {
        for (int s = seqStart.length - 1; s >= 0; s--) {
            // Sequences are few per unit (one per text section), so a scan from the top is cheap enough.
            if (Long.compareUnsigned(addr[seqStart[s]], pc) <= 0
                    && Long.compareUnsigned(pc, addr[seqEnd[s] - 1]) < 0) return s;
        }
        return -1;
    }

    /** The name of a file-table entry as the program refers to it, or "??" if out of range. */
    public String fileName(long index) {
        long i = index - fileBase;
        return i >= 0 && i < files.length && files[(int) i] != null ? files[(int) i] : "??";
    }

    public int rowCount() { return rows; }

    // ---- decoding ---------------------------------------------------------------------------------------

    public static LineNumberTable decode(DwarfFile f, Unit u, DebugLineOffset offset) {
        ByteBuffer b = f.line;
        if (offset.value() < 0 || offset.value() >= b.limit()) throw u.error("line table offset 0x"
                + Long.toHexString(offset.value()) + " outside .debug_line");
        try {
            return new Decoder(f, u, b, offset).run();
        } catch (DwarfException e) {
            throw e;
        } catch (RuntimeException e) {
            throw u.malformed("line table at " + offset.describe(), e);
        }
    }

    private static final class Decoder {
        final DwarfFile f;
        final Unit u;
        final Cursor c;
        final DebugLineOffset start;
        int offsetSize = 4, version, addrSize;

        Decoder(DwarfFile f, Unit u, ByteBuffer b, DebugLineOffset offset) {
            this.f = f;
            this.u = u;
            this.c = new Cursor(b, (int) offset.value());
            this.start = offset;
            this.addrSize = u.addrSize;
        }

        DwarfException error(String what) {
            return u.error("line table at " + start.describe() + ": " + what);
        }

        LineNumberTable run() {
            long len = c.u32();
            if (len == 0xffffffffL) { len = c.u64(); offsetSize = 8; }
            long end = c.pos + len;
            if (end > c.buf.limit()) throw error("length runs past the end of .debug_line");
            version = c.u16();
            if (version < 2 || version > 5) throw error("line table version " + version + " is not supported");
            if (version >= 5) { addrSize = c.u8(); c.u8(); }
            long headerLength = c.unsigned(offsetSize);
            int programStart = (int) (c.pos + headerLength);
            int minInst = c.u8();
            int maxOps = version >= 4 ? c.u8() : 1;
            boolean defaultIsStmt = c.u8() != 0;
            int lineBase = (byte) c.u8();
            int lineRange = c.u8();
            int opcodeBase = c.u8();
            if (lineRange == 0) throw error("line_range is 0");
            int[] stdLengths = new int[Math.max(opcodeBase, 1)];
            for (int i = 1; i < opcodeBase; i++) stdLengths[i] = c.u8();
            LineNumberTable t;
            if (version >= 5) t = new LineNumberTable(readV5Files(), 0);
            else t = new LineNumberTable(readLegacyFiles(), 1);
            c.pos = programStart;
            runProgram(t, (int) end, minInst, maxOps, defaultIsStmt, lineBase, lineRange, opcodeBase, stdLengths);
            return t;
        }

        private String[] readLegacyFiles() {
            List<String> dirs = new ArrayList<>();
            while (true) {
                String d = c.cstring();
                if (d.isEmpty()) break;
                dirs.add(d);
            }
            List<String> files = new ArrayList<>();
            while (true) {
                String name = c.cstring();
                if (name.isEmpty()) break;
                c.uleb(); c.uleb(); c.uleb();
                files.add(name);
            }
            return files.toArray(new String[0]);
        }

        private String[] readV5Files() {
            readEntries(); // directories: only file basenames are printed (addr2line -s), so they are not kept
            return readEntries();
        }

        /** Reads a DWARF 5 entry-format description and its entries, returning each entry's path. */
        private String[] readEntries() {
            int formatCount = c.u8();
            int[] types = new int[formatCount], forms = new int[formatCount];
            for (int i = 0; i < formatCount; i++) {
                types[i] = (int) c.uleb();
                forms[i] = (int) c.uleb();
            }
            long count = c.uleb();
            if (count > 10_000_000) throw error("implausible entry count " + count);
            String[] out = new String[(int) count];
            for (int e = 0; e < count; e++) {
                for (int i = 0; i < formatCount; i++) {
                    if (types[i] == LNCT_PATH) out[e] = pathValue(forms[i]);
                    else skipValue(forms[i]);
                }
            }
            return out;
        }

        private String pathValue(int form) {
            switch (form) {
                case Form.STRING: return c.cstring();
                case Form.LINE_STRP: return Strings.cstringAt(f.lineStr, (int) c.unsigned(offsetSize));
                case Form.STRP: return Strings.cstringAt(f.str, (int) c.unsigned(offsetSize));
                default: {
                    int at = c.pos;
                    skipValue(form);
                    long key = f.stringKey(u, form, at);
                    if (key < 0) throw error("unsupported path form 0x" + Integer.toHexString(form));
                    return f.stringOf(key);
                }
            }
        }

        private void skipValue(int form) {
            int size = Form.fixedSize(form, addrSize, offsetSize, 5);
            if (size >= 0) c.pos += size;
            else if (size == -2) throw error("unsupported entry form 0x" + Integer.toHexString(form));
            else Form.skipVariable(c, form, u);
        }

        private void runProgram(LineNumberTable t, int end, int minInst, int maxOps, boolean defaultIsStmt,
                                int lineBase, int lineRange, int opcodeBase, int[] stdLengths) {
            RowBuilder rb = new RowBuilder();
            long address = 0;
            int file = 1, line = 1;
            while (c.pos < end) {
                int op = c.u8();
                if (op >= opcodeBase) {
                    int adj = op - opcodeBase;
                    address += (long) (adj / lineRange) * minInst;
                    line += lineBase + adj % lineRange;
                    rb.add(address, file, line, false);
                } else if (op == 0) {
                    long len = c.uleb();
                    int next = (int) (c.pos + len);
                    int sub = len == 0 ? -1 : c.u8();
                    switch (sub) {
                        case 1: // end_sequence
                            rb.add(address, file, line, true);
                            address = 0; file = 1; line = 1;
                            break;
                        case 2: address = c.unsigned((int) len - 1); break;
                        default: break; // define_file, set_discriminator, vendor extensions: not needed
                    }
                    c.pos = next;
                } else {
                    switch (op) {
                        case 1: rb.add(address, file, line, false); break;
                        case 2: address += c.uleb() * minInst; break;
                        case 3: line += (int) c.sleb(); break;
                        case 4: file = (int) c.uleb(); break;
                        case 5: c.uleb(); break;
                        case 6: case 7: case 10: case 11: break;
                        case 8: address += (long) ((255 - opcodeBase) / lineRange) * minInst; break;
                        case 9: address += c.u16(); break;
                        case 12: c.uleb(); break;
                        default: for (int i = 0; i < stdLengths[op]; i++) c.uleb();
                    }
                }
            }
            rb.finish(t);
        }
    }

    /** Accumulates rows, applying "last row for an address wins" and cutting sequences. */
    private static final class RowBuilder {
        long[] addr = new long[256];
        int[] file = new int[256], line = new int[256];
        int n, seqBegin;
        final List<int[]> seqs = new ArrayList<>();

        void add(long a, int f, int l, boolean endSeq) {
            if (n > seqBegin && addr[n - 1] == a && !endSeq) n--; // same address: the later row replaces it
            if (n == addr.length) {
                addr = Arrays.copyOf(addr, n * 2);
                file = Arrays.copyOf(file, n * 2);
                line = Arrays.copyOf(line, n * 2);
            }
            addr[n] = a; file[n] = f; line[n] = l;
            n++;
            if (endSeq) {
                if (n - seqBegin >= 2) seqs.add(new int[] {seqBegin, n});
                else n = seqBegin;
                seqBegin = n;
            }
        }

        void finish(LineNumberTable t) {
            n = seqBegin; // drop rows of an unterminated final sequence
            seqs.sort((x, y) -> Long.compareUnsigned(addr[x[0]], addr[y[0]]));
            t.addr = Arrays.copyOf(addr, n);
            t.file = Arrays.copyOf(file, n);
            t.line = Arrays.copyOf(line, n);
            t.rows = n;
            t.seqStart = new int[seqs.size()];
            t.seqEnd = new int[seqs.size()];
            for (int i = 0; i < seqs.size(); i++) { t.seqStart[i] = seqs.get(i)[0]; t.seqEnd[i] = seqs.get(i)[1]; }
        }
    }
}
