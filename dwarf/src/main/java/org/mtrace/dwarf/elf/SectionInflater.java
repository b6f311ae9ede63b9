package org.mtrace.dwarf.elf;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.mtrace.dwarf.DwarfException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Decompression of SHF_COMPRESSED sections (ELF compression header) and old {@code .zdebug_*} sections. */
final class SectionInflater {
    private static final int ELFCOMPRESS_ZLIB = 1, ELFCOMPRESS_ZSTD = 2;

    private SectionInflater() {}

    static ByteBuffer inflateElfCompressed(String file, String section, ByteBuffer raw) {
        if (raw.limit() < 24) throw new DwarfException(file, section + ": truncated compression header");
        int type = raw.getInt(0);
        long size = raw.getLong(8);
        if (type == ELFCOMPRESS_ZSTD) return unzstd(file, section, raw.slice(24, raw.limit() - 24), size);
        if (type != ELFCOMPRESS_ZLIB)
            throw new DwarfException(file, section + ": unknown compression type " + type);
        return inflate(file, section, raw.slice(24, raw.limit() - 24), size);
    }

    static ByteBuffer inflateZdebug(String file, String section, ByteBuffer raw) {
        if (raw.limit() < 12 || raw.get(0) != 'Z' || raw.get(1) != 'L' || raw.get(2) != 'I' || raw.get(3) != 'B')
            throw new DwarfException(file, section + ": .zdebug section without ZLIB header");
        long size = raw.duplicate().order(ByteOrder.BIG_ENDIAN).getLong(4);
        return inflate(file, section, raw.slice(12, raw.limit() - 12), size);
    }

    private static ByteBuffer unzstd(String file, String section, ByteBuffer compressed, long size) {
        checkSize(file, section, size);
        byte[] in = new byte[compressed.remaining()];
        compressed.get(in);
        byte[] out = new byte[(int) size];
        try {
            int n = new ZstdDecompressor().decompress(in, 0, in.length, out, 0, out.length);
            if (n != out.length)
                throw new DwarfException(file, section + ": zstd data gives " + n + " of " + size + " bytes");
        } catch (MalformedInputException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new DwarfException(file, section + ": corrupt zstd data: " + e.getMessage());
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkSize(String file, String section, long size) {
        if (size < 0 || size > Integer.MAX_VALUE)
            throw new DwarfException(file, section + ": uncompressed size " + size + " not supported");
    }

    private static ByteBuffer inflate(String file, String section, ByteBuffer compressed, long size) {
        checkSize(file, section, size);
        byte[] out = new byte[(int) size];
        Inflater inf = new Inflater();
        try {
            inf.setInput(compressed);
            int n = 0;
            while (n < out.length) {
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.finished() || inf.needsInput()))
                    throw new DwarfException(file, section + ": compressed data ends after " + n + " of " + size
                            + " bytes");
                n += k;
            }
        } catch (DataFormatException e) {
            throw new DwarfException(file, section + ": corrupt compressed data: " + e.getMessage());
        } finally {
            inf.end();
        }
        return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    }
}
