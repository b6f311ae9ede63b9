package org.mtrace.mscan.kernel;

/**
 * One member of a struct as DWARF lays it out (pahole's columns): byte offset, size in bytes
 * (a bit-field: the bytes its bits span), name ("" for an anonymous member) and type name.
 */
public record Member(long offset, long size, String name, String type) {
}
