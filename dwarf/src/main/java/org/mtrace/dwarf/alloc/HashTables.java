package org.mtrace.dwarf.alloc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.mtrace.dwarf.elf.ElfImage;
import org.mtrace.dwarf.elf.SectionHeader;

/**
 * The bucket type of a kernel hash table sized at boot, {@code alloc_large_system_hash(tablename,
 * bucketsize, ...)}: the caller keeps the table in a global pointer to its bucket type
 * ({@code tcp_hashinfo.bhash = alloc_large_system_hash("TCP bind", ...)}, a
 * {@code struct inet_bind_hashbucket *}), which the recorder's label ({@code hash table TCP bind})
 * does not say. Found in the image's code and data, as the compiler wrote the call: the table's
 * name is a string in read-only data, loaded into RDI before the call ({@code mov $imm32,%rdi} as the
 * kernel's code model writes it, {@code lea rel32(%rip),%rdi} or {@code mov $imm32,%edi}, up to 128 bytes
 * before it); the result, in RAX, stored into a global
 * ({@code mov %rax,rel32(%rip)}) within 48 bytes after it; that global's type (or its member's at that
 * offset) is the pointer. Anything else (another way of writing the call, a table kept in a local)
 * says nothing.
 */
public final class HashTables {
    private static final String ALLOCATOR = "alloc_large_system_hash";
    private static final int BEFORE = 128;
    private static final int AFTER = 48;

    private final ElfImage elf;
    private final Function<String, OptionalLong> symbolAddress;
    private final LongFunction<String> pointerAt;
    private List<Long> calls;

    /**
     * Over {@code elf}, whose symbols {@code symbolAddress} finds, and whose global data
     * {@code pointerAt} types: the type a pointer at an address points to ({@code struct
     * inet_bind_hashbucket}), or null when no global holds a pointer there.
     */
    public HashTables(ElfImage elf, Function<String, OptionalLong> symbolAddress, LongFunction<String> pointerAt) {
        this.elf = elf;
        this.symbolAddress = symbolAddress;
        this.pointerAt = pointerAt;
    }

    /** The type of the buckets of the table named {@code table} (its pointee's name, e.g. {@code struct inet_bind_hashbucket}), or null. */
    public synchronized String bucketType(String table) {
        if (calls == null) {
            calls = calls();
        }
        for (long name : strings(table)) {
            for (long call : calls) {
                if (loadsRdi(call, name)) {
                    long stored = storedRax(call + 5);
                    String type = stored == 0 ? null : pointerAt.apply(stored);
                    if (type != null) {
                        return type;
                    }
                }
            }
        }
        return null;
    }

    /** The addresses of the {@code call rel32} instructions to the allocator in the executable sections. */
    private List<Long> calls() {
        List<Long> out = new ArrayList<>();
        OptionalLong target = symbolAddress.apply(ALLOCATOR);
        if (target.isEmpty()) {
            return out;
        }
        for (int i = 0; i < elf.sections().size(); i++) {
            SectionHeader s = elf.sections().get(i);
            if (!elf.isExecutable(i)) {
                continue;
            }
            ByteBuffer b = elf.section(s.name());
            long base = elf.sectionAddress(s.name());
            for (int p = 0; b != null && p + 5 <= b.limit(); p++) {
                if ((b.get(p) & 0xff) == 0xe8 && base + p + 5 + b.getInt(p + 1) == target.getAsLong()) {
                    out.add(base + p);
                }
            }
        }
        return out;
    }

    /**
     * The addresses of {@code table} as a string (NUL-terminated) in read-only data: also as the tail
     * of a longer one, where the linker merged it ({@code "futex"}); only an address loaded before a
     * call counts.
     */
    private List<Long> strings(String table) {
        byte[] want = (table + '\0').getBytes(StandardCharsets.ISO_8859_1);
        List<Long> out = new ArrayList<>();
        for (String name : List.of(".rodata", ".init.rodata")) {
            ByteBuffer b = elf.hasSection(name) ? elf.section(name) : null;
            long base = b == null ? 0 : elf.sectionAddress(name);
            for (int p = 0; b != null && p + want.length <= b.limit(); p++) {
                if (matches(b, p, want)) {
                    out.add(base + p);
                }
            }
        }
        return out;
    }

    private static boolean matches(ByteBuffer b, int at, byte[] want) {
        for (int i = 0; i < want.length; i++) {
            if (b.get(at + i) != want[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the 128 bytes before the call at {@code call} (those of its section) load {@code address} into RDI. */
    private boolean loadsRdi(long call, long address) {
        long from = Math.max(call - BEFORE, sectionStart(call));
        byte[] code = code(from, (int) (call - from));
        for (int p = 0; code != null && p + 5 <= code.length; p++) {
            if ((code[p] & 0xff) == 0xbf // mov $imm32,%edi (zero-extended: a non-PIE user program)
                    && (ByteBuffer.wrap(code, p + 1, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL) == address) {
                return true;
            }
            if ((code[p] & 0xff) != 0x48 || p + 7 > code.length) {
                continue;
            }
            int op = code[p + 1] & 0xff, modrm = code[p + 2] & 0xff;
            int imm = ByteBuffer.wrap(code, p + 3, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            if (op == 0xc7 && modrm == 0xc7 && imm == address) { // mov $imm32 (sign-extended),%rdi
                return true;
            }
            if (op == 0x8d && modrm == 0x3d && from + p + 7 + imm == address) { // lea rel32(%rip),%rdi
                return true;
            }
        }
        return false;
    }

    /** The global that {@code mov %rax,rel32(%rip)} stores into in the 48 bytes from {@code from}, or 0. */
    private long storedRax(long from) {
        byte[] code = code(from, AFTER);
        for (int p = 0; code != null && p + 7 <= code.length; p++) {
            if ((code[p] & 0xff) == 0x48 && (code[p + 1] & 0xff) == 0x89 && (code[p + 2] & 0xff) == 0x05) {
                int rel = ByteBuffer.wrap(code, p + 3, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
                return from + p + 7 + rel;
            }
        }
        return 0;
    }

    /** The start of the executable section holding {@code addr}, or {@code addr} when none does. */
    private long sectionStart(long addr) {
        int i = elf.sectionIndexAt(addr);
        return i < 0 || !elf.isExecutable(i) ? addr : elf.sections().get(i).addr();
    }

    /**
     * Up to {@code n} bytes from {@code addr}, those of the executable section holding it (fewer at its
     * end), or null when no executable section holds it.
     */
    private byte[] code(long addr, int n) {
        int i = elf.sectionIndexAt(addr);
        if (i < 0 || !elf.isExecutable(i)) {
            return null;
        }
        String name = elf.sections().get(i).name();
        ByteBuffer b = elf.section(name);
        long at = addr - elf.sectionAddress(name);
        if (b == null || at < 0 || at >= b.limit()) {
            return null;
        }
        byte[] out = new byte[(int) Math.min(n, b.limit() - at)];
        for (int k = 0; k < out.length; k++) {
            out[k] = b.get((int) (at + k));
        }
        return out;
    }
}
