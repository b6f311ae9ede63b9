package org.mtrace.dwarf.index;

import org.mtrace.dwarf.elf.ElfImage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The on-disk copy of a {@link DwarfIndex}: primitive arrays written in bulk, little-endian. A file is used
 * only if its key (absolute path, size, modification time, build-id, a relocatable object's placement,
 * format version) matches the ELF, so a rebuilt or replaced ELF is re-indexed. Files live in {@code $MTRACE_CACHE_DIR}, the system property
 * {@code mtrace.cache.dir}, or {@code ~/.cache/mtrace}; a cache that cannot be written is silently skipped.
 */
public final class IndexCache {
    private static final long MAGIC = 0x3130584449574d44L; // "DMWIDX01" little-endian
    // Bump whenever what the index holds changes. 3: relocatable objects are relocated (older indexes of .o
    // files hold unrelocated addresses and type references).
    private static final int FORMAT = 3;

    private final Path dir;

    public IndexCache(Path dir) { this.dir = dir; }

    /** The cache directory (also where {@link org.mtrace.dwarf.btf.KernelImage} keeps extracted images). */
    public Path dir() { return dir; }

    public static IndexCache defaultLocation() {
        String d = System.getenv("MTRACE_CACHE_DIR");
        if (d == null || d.isEmpty()) d = System.getProperty("mtrace.cache.dir");
        if (d == null || d.isEmpty()) d = System.getProperty("user.home") + "/.cache/mtrace";
        return new IndexCache(Path.of(d));
    }

    public Path fileFor(ElfImage elf) {
        String abs = elf.path().toAbsolutePath().normalize().toString();
        return dir.resolve(elf.path().getFileName() + "-" + sha1(abs).substring(0, 16) + ".mdwarf-index");
    }

    private static String key(ElfImage elf) {
        return FORMAT + "|" + elf.path().toAbsolutePath().normalize() + "|" + elf.fileSize() + "|" + elf.mtimeMillis()
                + "|" + elf.buildId() + "|" + elf.placement();
    }

    /** The cached index of this ELF, or null if there is none or it is stale or unreadable. */
    public DwarfIndex load(ElfImage elf) {
        Path f = fileFor(elf);
        if (!Files.isRegularFile(f)) return null;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            m.order(ByteOrder.LITTLE_ENDIAN);
            if (m.getLong() != MAGIC) return null;
            if (!readString(m).equals(key(elf))) return null;
            long dies = m.getLong();
            RangeTable units = new RangeTable(longs(m), longs(m), ints(m));
            RangeTable functions = new RangeTable(longs(m), longs(m), ints(m));
            long[] varAddr = longs(m);
            int[] varDie = ints(m);
            int nameCount = m.getInt();
            String[] names = new String[nameCount];
            for (int i = 0; i < nameCount; i++) names[i] = readString(m);
            int[] defStart = ints(m), defDie = ints(m);
            byte[] defTag = new byte[m.getInt()];
            m.get(defTag);
            return new DwarfIndex(units, functions, varAddr, varDie, new TypeTable(names, defStart, defDie, defTag),
                    dies);
        } catch (IOException | RuntimeException e) {
            return null; // a damaged cache is rebuilt, never trusted
        }
    }

    /** Writes the index atomically (temporary file + rename); returns false if the cache is not writable. */
    public boolean store(ElfImage elf, DwarfIndex idx) {
        Path f = fileFor(elf);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "index", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                Out out = new Out(ch);
                out.putLong(MAGIC);
                out.putString(key(elf));
                out.putLong(idx.dieCount);
                out.longs(idx.units.lo); out.longs(idx.units.hi); out.ints(idx.units.value);
                out.longs(idx.functions.lo); out.longs(idx.functions.hi); out.ints(idx.functions.value);
                out.longs(idx.varAddr);
                out.ints(idx.varDie);
                out.putInt(idx.types.names.length);
                for (String n : idx.types.names) out.putString(n);
                out.ints(idx.types.defStart);
                out.ints(idx.types.defDie);
                out.putInt(idx.types.defTag.length);
                out.bytes(idx.types.defTag);
                out.flush();
            }
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String readString(ByteBuffer m) {
        int n = m.getInt();
        byte[] b = new byte[n];
        m.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static long[] longs(ByteBuffer m) {
        long[] a = new long[m.getInt()];
        m.asLongBuffer().get(a);
        m.position(m.position() + a.length * 8);
        return a;
    }

    private static int[] ints(ByteBuffer m) {
        int[] a = new int[m.getInt()];
        m.asIntBuffer().get(a);
        m.position(m.position() + a.length * 4);
        return a;
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Chunk { void put(ByteBuffer target, int from, int count); }

    /** Buffered little-endian channel writer with bulk array puts. */
    private static final class Out {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        Out(FileChannel ch) { this.ch = ch; }

        void ensure(int n) throws IOException { if (buf.remaining() < n) flush(); }

        void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) ch.write(buf);
            buf.clear();
        }

        void putLong(long v) throws IOException { ensure(8); buf.putLong(v); }
        void putInt(int v) throws IOException { ensure(4); buf.putInt(v); }

        void putString(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putInt(b.length);
            bytes(b);
        }

        void bytes(byte[] b) throws IOException {
            for (int at = 0; at < b.length; ) {
                ensure(1);
                int n = Math.min(buf.remaining(), b.length - at);
                buf.put(b, at, n);
                at += n;
            }
        }

        void longs(long[] a) throws IOException {
            array(a.length, 8, (b, from, n) -> b.asLongBuffer().put(a, from, n));
        }

        void ints(int[] a) throws IOException {
            array(a.length, 4, (b, from, n) -> b.asIntBuffer().put(a, from, n));
        }

        /** Length, then the elements in buffer-sized chunks copied by {@code chunk} through a typed view. */
        private void array(int length, int width, Chunk chunk) throws IOException {
            putInt(length);
            for (int at = 0; at < length; ) {
                ensure(width);
                int n = Math.min(buf.remaining() / width, length - at);
                chunk.put(buf, at, n);
                buf.position(buf.position() + n * width);
                at += n;
            }
        }
    }
}
