package org.mtrace.mscan.kernel;

/**
 * A kernel boundary that places kernel modules where the log says they were loaded ({@link ModuleKernelInfo}).
 * Apart from {@link KernelInfo} so that the view analyses get ({@link Attribution#kernel()}) has no way to
 * move a module: only the engine's tracker ({@link KernelAttribution#moduleRegionLoaded}) calls it.
 */
public interface ModuleRegions {
    /**
     * A label of the log named {@code module:NAME:REGION} (the recorder's record of a kernel module's
     * memory region, {@link ModuleRegionLabel}) starts at {@code base}.
     */
    void moduleRegionLoaded(String label, long base);
}
