package org.mtrace.mscan.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mtrace.dwarf.DwarfException;
import org.mtrace.dwarf.btf.BtfKernel;
import org.mtrace.dwarf.btf.KernelImage;
import org.mtrace.format.io.FileNames;

/**
 * Prefers the DWARF-backed kernel reader. Like the original ("Cannot init dwarf: ..."), an image
 * without usable DWARF is still used for its symbol table, with one warning on stderr.
 */
public final class DwarfKernelInfoFactory implements KernelInfoFactory {

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public KernelInfo open(Path image) throws KernelImageException {
        return open(image, null);
    }

    /**
     * A bzImage, or an ELF without DWARF but with {@code .BTF}, is read through BTF ({@link BtfKernelInfo});
     * an ELF with neither falls back to its symbol table.
     */
    @Override
    public KernelInfo open(Path image, Path systemMap) throws KernelImageException {
        KernelImageException.requireReadable(image);
        try {
            if (KernelImage.isBzImage(image)) {
                return BtfKernelInfo.open(image, systemMap);
            }
            if (!isElf(image)) {
                throw new KernelImageException(image + ": not an ELF file");
            }
            try {
                return DwarfKernelInfo.open(image);
            } catch (DwarfException e) {
                if (BtfKernel.hasBtf(image)) {
                    return BtfKernelInfo.open(image, systemMap);
                }
                System.err.println("mscan: Cannot init dwarf: " + e.getMessage() + "; using the symbol table only");
                return ElfKernelInfo.load(image);
            }
        } catch (DwarfException e) { // a corrupt BTF, bzImage or System.map: one line, exit 2
            throw new KernelImageException(e.getMessage());
        }
    }

    /** Only an ELF file is worth the DWARF attempt and its fallback; anything else is one error. */
    private static boolean isElf(Path image) throws KernelImageException {
        byte[] magic = new byte[4];
        try (java.io.InputStream in = Files.newInputStream(image)) {
            return in.readNBytes(magic, 0, 4) == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L'
                    && magic[3] == 'F';
        } catch (java.io.IOException e) {
            throw new KernelImageException("failed to open " + image + ": " + FileNames.reason(e));
        }
    }
}
