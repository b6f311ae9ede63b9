package org.mtrace.mscan.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mtrace.dwarf.DwarfException;

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
        if (!Files.isRegularFile(image) || !Files.isReadable(image)) {
            throw new KernelImageException("failed to open " + image);
        }
        try {
            return DwarfKernelInfo.open(image);
        } catch (DwarfException e) {
            System.err.println("mscan: Cannot init dwarf: " + e.getMessage() + "; using the symbol table only");
            return ElfKernelInfo.load(image);
        }
    }
}
