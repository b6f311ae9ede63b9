package org.mtrace.dwarf.btf;

import io.airlift.compress.lz4.Lz4Decompressor;
import org.mtrace.dwarf.DwarfException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.GZIPInputStream;

/**
 * The ELF {@code vmlinux} inside an x86 {@code bzImage} ({@code vmlinuz}). The boot protocol header
 * (Documentation/arch/x86/boot.rst, version 2.08+) gives where the compressed kernel is: the protected-mode
 * code starts after {@code (setup_sects + 1) * 512} bytes and {@code payload_offset}/{@code payload_length}
 * locate the payload inside it; its first bytes say the format (gzip, zstd, LZ4 legacy frames; Debian's
 * 6.1 images use LZ4, 6.12 zstd), and its last 4 bytes are the decompressed size. The result is cached
 * under {@code <cache>/vmlinux/<sha256 of the image>.elf} so the decompression (seconds) happens once.
 */
public final class KernelImage {
    private static final int HDRS = 0x53726448; // "HdrS" at 0x202
    private static final int LZ4_LEGACY = 0x184c2102;

    private KernelImage() {}

    /** Is this file an x86 bzImage (boot header signature present)? */
    public static boolean isBzImage(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(0x206);
            return head.length == 0x206 && ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(0x202) == HDRS;
        } catch (IOException e) {
            return false;
        }
    }

    /** The path of the decompressed vmlinux for {@code bzImage}, extracting it into {@code cacheDir} if needed. */
    public static Path vmlinux(Path bzImage, Path cacheDir) {
        String name = bzImage.toString();
        byte[] image;
        try {
            image = Files.readAllBytes(bzImage);
        } catch (IOException e) {
            throw new DwarfException(name, "cannot read: " + e.getMessage());
        }
        Path out = cacheDir.resolve("vmlinux").resolve(sha256(image) + ".elf");
        if (Files.isRegularFile(out)) return out;
        byte[] elf = extract(name, image);
        try {
            Files.createDirectories(out.getParent());
            Path tmp = Files.createTempFile(out.getParent(), "extract", ".tmp");
            Files.write(tmp, elf);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new DwarfException(name, "cannot write the extracted vmlinux under " + cacheDir + ": " + e.getMessage());
        }
    }

    /** The decompressed ELF bytes of a bzImage held in memory; faults name the file and byte offset. */
    public static byte[] extract(String name, byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        if (image.length < 0x250 || b.getInt(0x202) != HDRS) throw fault(name, 0x202, "no bzImage boot header (HdrS)");
        int version = b.getShort(0x206) & 0xffff;
        if (version < 0x208) throw fault(name, 0x206, "boot protocol 0x" + Integer.toHexString(version)
                + " has no payload fields (needs 2.08)");
        int setupSects = image[0x1f1] & 0xff;
        long start = (long) ((setupSects == 0 ? 4 : setupSects) + 1) * 512 + (b.getInt(0x248) & 0xffffffffL);
        long length = b.getInt(0x24c) & 0xffffffffL;
        if (length < 8 || start + length > image.length) throw fault(name, 0x248, "payload [" + start + ", +"
                + length + ") outside the " + image.length + "-byte file");
        int p = (int) start, end = (int) (start + length) - 4; // the last 4 bytes: decompressed size
        long size = b.getInt(end) & 0xffffffffL;
        if (size > Integer.MAX_VALUE - 8) throw fault(name, end, "decompressed size " + size + " too large");
        byte[] elf;
        int magic = b.getInt(p);
        try {
            if ((magic & 0xffffff) == 0x088b1f) elf = stream(new GZIPInputStream(slice(image, p, end)), size);
            else if (magic == 0xfd2fb528) elf = stream(zstd(slice(image, p, end)), size);
            else if (magic == LZ4_LEGACY) elf = lz4Legacy(name, b, p + 4, end, (int) size);
            else throw fault(name, p, "unsupported payload compression (magic 0x" + Integer.toHexString(magic)
                    + "; gzip, zstd and LZ4 are read)");
        } catch (IOException | RuntimeException e) {
            if (e instanceof DwarfException d) throw d;
            throw fault(name, p, "corrupt compressed payload: " + e.getMessage());
        }
        if (elf.length < 4 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F')
            throw fault(name, p, "payload does not decompress to an ELF file");
        return elf;
    }

    private static ByteArrayInputStream slice(byte[] a, int from, int to) {
        return new ByteArrayInputStream(a, from, to - from);
    }

    private static byte[] stream(InputStream in, long size) throws IOException {
        try (in) {
            byte[] out = in.readNBytes((int) size);
            return out;
        }
    }

    /** LZ4 legacy frame: after the magic, blocks of {@code u32 compressed length} + data, each ≤ 8 MiB out. */
    private static byte[] lz4Legacy(String name, ByteBuffer b, int p, int end, int size) {
        byte[] out = new byte[size];
        byte[] in = b.array();
        int o = 0;
        Lz4Decompressor lz4 = new Lz4Decompressor();
        while (p + 4 <= end && o < size) {
            int len = b.getInt(p);
            if (len == LZ4_LEGACY) { p += 4; continue; } // concatenated frames
            if (len <= 0 || p + 4L + len > end) throw fault(name, p, "LZ4 block length " + (len & 0xffffffffL)
                    + " runs past the payload");
            o += lz4.decompress(in, p + 4, len, out, o, size - o);
            p += 4 + len;
        }
        if (o != size) throw fault(name, p, "LZ4 payload gives " + o + " of " + size + " bytes");
        return out;
    }

    private static DwarfException fault(String name, long offset, String detail) {
        return new DwarfException(name, "bzImage offset 0x" + Long.toHexString(offset) + ": " + detail);
    }

    private static String sha256(byte[] data) {
        try {
            StringBuilder sb = new StringBuilder();
            for (byte x : MessageDigest.getInstance("SHA-256").digest(data)) sb.append(String.format("%02x", x));
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /**
     * A zstd stream with windows up to 2 GiB: the kernel compresses with a long window (6.12's
     * payload declares more than the 8 MiB aircompressor's decoder accepts), so zstd's own decoder
     * (zstd-jni) reads it, as {@code zstd -d --long=31} would.
     */
    private static InputStream zstd(InputStream in) throws IOException {
        com.github.luben.zstd.ZstdInputStream z = new com.github.luben.zstd.ZstdInputStream(in);
        z.setLongMax(31);
        return z;
    }
}
