package org.mtrace.mscan.kernel;

/**
 * The name of a label the recorder writes for a loaded kernel module's memory region:
 * {@code module:NAME:REGION} (static label type; docs/recorder.md "Kernel modules"). REGION is
 * {@code core}/{@code init} (Linux 6.1) or a {@code mod_mem_type} ({@code text}, {@code data}, ...; 6.4+).
 */
public record ModuleRegionLabel(String module, String region) {
    /** What every module region label starts with. */
    public static final String PREFIX = "module:";

    /** The module and region a label names, or null if it is not a module region label. */
    public static ModuleRegionLabel parse(String label) {
        if (!label.startsWith(PREFIX)) {
            return null;
        }
        int colon = label.lastIndexOf(':');
        if (colon <= PREFIX.length() || colon == label.length() - 1) {
            return null;
        }
        return new ModuleRegionLabel(label.substring(PREFIX.length(), colon), label.substring(colon + 1));
    }
}
