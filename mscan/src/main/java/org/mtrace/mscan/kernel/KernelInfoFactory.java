package org.mtrace.mscan.kernel;

import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Opens a kernel image as {@link KernelInfo}. A richer implementation (the DWARF-backed one) is
 * registered as a {@link ServiceLoader} service and preferred; without one, {@link ElfKernelInfo}
 * reads the symbol table only.
 */
public interface KernelInfoFactory {

    /** Higher wins when several factories are registered. */
    int priority();

    KernelInfo open(Path image) throws KernelImageException;

    /** As {@link #open(Path)}, with a System.map for images without DWARF (null: look beside the image). */
    default KernelInfo open(Path image, Path systemMap) throws KernelImageException {
        return open(image);
    }

    /** The best available reader for {@code image}. */
    static KernelInfo openBest(Path image) throws KernelImageException {
        return openBest(image, null);
    }

    /** The best available reader for {@code image}; {@code systemMap} (may be null) serves a BTF-only kernel. */
    static KernelInfo openBest(Path image, Path systemMap) throws KernelImageException {
        KernelInfoFactory best = null;
        for (KernelInfoFactory f : ServiceLoader.load(KernelInfoFactory.class)) {
            if (best == null || f.priority() > best.priority()) {
                best = f;
            }
        }
        return best != null ? best.open(image, systemMap) : ElfKernelInfo.load(image);
    }
}
