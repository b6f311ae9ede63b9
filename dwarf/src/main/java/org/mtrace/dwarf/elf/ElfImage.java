package org.mtrace.dwarf.elf;

import net.fornwall.jelf.ElfException;
import net.fornwall.jelf.ElfFile;
import org.mtrace.dwarf.DwarfException;
import org.mtrace.dwarf.ElfSymbol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ELF file mapped read-only. jelf parses the headers; section contents are slices of the mapping (no
 * copy), except compressed sections, which are inflated once into the heap on first use, and sections of a
 * relocatable object ({@code .o}, {@code .ko}) that relocations target, which are copied and relocated once
 * on first use. A relocatable object's allocated sections get addresses from {@link RelocatableLayout}.
 */
public final class ElfImage {
    private static final long SHF_ALLOC = SectionHeader.SHF_ALLOC, SHF_EXECINSTR = 0x4, SHF_COMPRESSED = 0x800;
    private static final int NT_GNU_BUILD_ID = 3, ET_REL = 1;

    private final Path path;
    private final String name;
    private final long fileSize;
    private final long mtimeMillis;
    private final MappedByteBuffer map;
    private final ElfFile elf;
    private final boolean relocatable;
    private final int machine;
    private final ModuleLoad load;
    private final Map<String, SectionHeader> headers = new HashMap<>();
    private final List<SectionHeader> sectionList = new ArrayList<>();
    private final Map<String, ByteBuffer> contents = new HashMap<>();
    private List<ElfSymbol> symbols;

    private ElfImage(Path path, MappedByteBuffer map, ElfFile elf, long mtimeMillis, ModuleLoad load)
            throws ElfException {
        this.path = path;
        this.name = path.toString();
        this.fileSize = map.capacity();
        this.mtimeMillis = mtimeMillis;
        this.map = map;
        this.elf = elf;
        ByteBuffer le = map.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.relocatable = (le.getShort(16) & 0xffff) == ET_REL;
        this.machine = le.getShort(18) & 0xffff;
        this.load = relocatable ? load : null;
        // jelf decodes the ELF header; section headers are read here because jelf's getSection() parses
        // whole relocation sections eagerly, which costs seconds on a kernel image.
        sectionList.addAll(SectionHeader.readAll(name, map, elf.e_shoff, elf.e_shentsize & 0xffff,
                elf.e_shnum & 0xffff, elf.e_shstrndx & 0xffff));
        if (relocatable) {
            List<SectionHeader> placed = RelocatableLayout.stackRepeated(this.load != null
                    ? this.load.place(sectionList) : RelocatableLayout.place(sectionList, 0), this::contentSize);
            sectionList.clear();
            sectionList.addAll(placed);
        }
        for (SectionHeader h : sectionList) headers.putIfAbsent(h.name(), h);
    }

    /** Maps and checks the file; errors name the file and say what is wrong with it. */
    public static ElfImage open(Path path) {
        return open(path, null);
    }

    /**
     * As {@link #open(Path)}; a relocatable object (kernel module) is placed where {@code load} says, or
     * without it as gdb places an object file (from address 0). {@code load} is ignored for executables and
     * shared objects, whose sections have their own addresses.
     */
    public static ElfImage open(Path path, ModuleLoad load) {
        String name = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) throw new DwarfException(name, "file larger than 2 GiB is not supported");
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            if (size < 64 || map.getInt(0) != 0x7f454c46) throw new DwarfException(name, "not an ELF file");
            if (map.get(4) != ElfFile.CLASS_64 || map.get(5) != ElfFile.DATA_LSB)
                throw new DwarfException(name, "only little-endian 64-bit ELF files are supported");
            long mtime = Files.getLastModifiedTime(path).toMillis();
            return new ElfImage(path, map, ElfFile.from(map), mtime, load);
        } catch (NoSuchFileException e) {
            throw new DwarfException(name, "no such file");
        } catch (ElfException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new DwarfException(name, "malformed ELF file: " + e.getMessage());
        } catch (IOException e) {
            throw new DwarfException(name, "cannot read: " + e.getMessage());
        }
    }

    public Path path() { return path; }
    public String name() { return name; }
    public long fileSize() { return fileSize; }
    public long mtimeMillis() { return mtimeMillis; }
    /** Whether this is a relocatable object (ET_REL: {@code .o}, kernel module). */
    public boolean isRelocatable() { return relocatable; }
    /** How the sections were placed, for cache keys: "" for linked files, else the relocatable's placement. */
    public String placement() { return !relocatable ? "" : load == null ? "from 0" : load.key(); }

    public boolean hasSection(String section) {
        return headers.containsKey(section) || headers.containsKey(zdebugName(section));
    }

    /**
     * Contents of a section as a little-endian buffer positioned at 0, or null if absent. {@code .debug_*}
     * sections are also found in their old {@code .zdebug_*} compressed spelling.
     */
    public synchronized ByteBuffer section(String section) {
        ByteBuffer b = contents.get(section);
        if (b == null) {
            b = load(section);
            if (b == null) return null;
            contents.put(section, b);
        }
        return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Load address of a section, or -1 if absent. */
    public long sectionAddress(String section) {
        SectionHeader h = headers.get(section);
        return h == null ? -1 : h.addr();
    }

    private ByteBuffer load(String section) {
        SectionHeader h = headers.get(section);
        if (h == null) h = headers.get(zdebugName(section));
        if (h == null || h.type() == SectionHeader.SHT_NOBITS) return null;
        if (!relocatable) return contents(h, section);
        // Several sections of one name (a .o's type units, one .debug_info per COMDAT group) are read as
        // one, each piece at the offset RelocatableLayout gave it.
        List<Integer> pieces = new ArrayList<>();
        for (int i = 0; i < sectionList.size(); i++) if (sectionList.get(i).name().equals(h.name())) pieces.add(i);
        if (pieces.size() == 1) return relocated(pieces.get(0), contents(h, section));
        SectionHeader last = sectionList.get(pieces.get(pieces.size() - 1));
        long total = last.addr() + contentSize(last);
        if (total > Integer.MAX_VALUE) throw new DwarfException(name, section + ": sections of this name exceed 2 GiB");
        ByteBuffer whole = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : pieces) {
            ByteBuffer piece = relocated(i, contents(sectionList.get(i), section));
            whole.put((int) sectionList.get(i).addr(), piece, 0, piece.limit());
        }
        return whole;
    }

    /** A section's bytes, inflated if compressed. */
    private ByteBuffer contents(SectionHeader h, String section) {
        ByteBuffer raw = slice(h);
        if (h.name().startsWith(".zdebug")) return SectionInflater.inflateZdebug(name, section, raw);
        return (h.flags() & SHF_COMPRESSED) != 0 ? SectionInflater.inflateElfCompressed(name, section, raw) : raw;
    }

    private ByteBuffer relocated(int index, ByteBuffer contents) {
        return Relocations.target(sectionList, index) ? Relocations.apply(this, machine, index, contents) : contents;
    }

    /** Bytes a section holds once inflated (the compression header's ch_size for SHF_COMPRESSED). */
    private long contentSize(SectionHeader h) {
        if ((h.flags() & SHF_COMPRESSED) != 0 && h.size() >= 24 && h.offset() >= 0 && h.offset() + 16 <= fileSize)
            return map.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong((int) h.offset() + 8);
        return h.size();
    }

    private static String zdebugName(String section) {
        return section.startsWith(".debug_") ? ".zdebug_" + section.substring(7) : section;
    }

    /** The raw bytes of a section in the file (no decompression, no relocation). */
    ByteBuffer slice(SectionHeader h) {
        if (h.offset() < 0 || h.size() < 0 || h.offset() + h.size() > fileSize)
            throw new DwarfException(name, "section " + h.name() + " lies outside the file (truncated?)");
        return map.slice((int) h.offset(), (int) h.size()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The GNU build-id (from any note section, e.g. a kernel's {@code .notes}) as lowercase hex, or "". */
    public String buildId() {
        for (SectionHeader h : sectionList) {
            if (h.type() != SectionHeader.SHT_NOTE || h.size() < 12) continue;
            ByteBuffer note = slice(h);
            for (int at = 0; at + 12 <= note.limit(); ) {
                int nameSize = note.getInt(at), descSize = note.getInt(at + 4), type = note.getInt(at + 8);
                int desc = at + 12 + ((nameSize + 3) & ~3);
                if (nameSize < 0 || descSize < 0 || desc + descSize > note.limit()) break;
                if (type == NT_GNU_BUILD_ID && nameSize == 4 && note.get(at + 12) == 'G') {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < descSize; i++) sb.append(String.format("%02x", note.get(desc + i) & 0xff));
                    return sb.toString();
                }
                at = desc + ((descSize + 3) & ~3);
            }
        }
        return "";
    }

    /** Every symbol of {@code .symtab} (empty if the file has none), in table order. */
    public synchronized List<ElfSymbol> symbols() {
        if (symbols == null) symbols = readSymbols();
        return symbols;
    }

    private List<ElfSymbol> readSymbols() {
        SectionHeader symtab = null;
        for (SectionHeader h : sectionList) if (h.type() == SectionHeader.SHT_SYMTAB) { symtab = h; break; }
        if (symtab == null || symtab.link() >= sectionList.size()) return new ArrayList<>();
        return SymbolTableReader.read(name, slice(symtab), slice(sectionList.get(symtab.link())),
                relocatable ? sectionList : null);
    }

    public List<SectionHeader> sections() { return sectionList; }

    /** Index of the allocated section whose address range contains addr, or -1. */
    public int sectionIndexAt(long addr) {
        for (int i = 0; i < sectionList.size(); i++) {
            SectionHeader h = sectionList.get(i);
            if ((h.flags() & SHF_ALLOC) != 0 && h.size() > 0 && Long.compareUnsigned(addr - h.addr(), h.size()) < 0)
                return i;
        }
        return -1;
    }

    /**
     * The 8 bytes (little-endian) the file holds at load address {@code addr}: a variable's
     * initial value, e.g. a kernel's {@code vmemmap_base}. Empty when no allocated section with
     * contents covers all 8 bytes (.bss, or a debug file whose data sections are NOBITS).
     */
    public java.util.OptionalLong initialU64(long addr) {
        int i = sectionIndexAt(addr);
        if (i < 0) return java.util.OptionalLong.empty();
        SectionHeader h = sectionList.get(i);
        long at = addr - h.addr();
        if (h.type() == SectionHeader.SHT_NOBITS || (h.flags() & SHF_COMPRESSED) != 0
                || Long.compareUnsigned(at + 8, h.size()) > 0) return java.util.OptionalLong.empty();
        return java.util.OptionalLong.of(slice(h).getLong((int) at));
    }

    /** Whether section i holds instructions. */
    public boolean isExecutable(int i) {
        return i > 0 && i < sectionList.size() && (sectionList.get(i).flags() & SHF_EXECINSTR) != 0;
    }

}
