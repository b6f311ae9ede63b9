package org.mtrace.mscan.kernel;

/** A static OBJECT symbol of the kernel image: name (≤ 63 bytes), address and size in bytes. */
public record StaticSymbol(String name, long address, long size) {
}
