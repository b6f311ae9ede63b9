package org.mtrace.mscan.kernel;

import java.util.List;
import org.mtrace.dwarf.describe.VariablePath;

/**
 * Facts about the kernel image the log was recorded with: what the engine needs for static and
 * per-CPU labels (MSCAN.md §4.3) and what analyses need to describe addresses and PCs
 * (ATTRIBUTION.md). Methods return {@code null} (or an empty list) when the image does not know;
 * {@link Attribution} turns that into the original's fallback strings.
 *
 * <p>Implementations: {@link ElfKernelInfo} (symbol table only), {@link FixedKernelInfo} (tests),
 * and a DWARF-backed one from the {@code dwarf} module.
 */
public interface KernelInfo {

    /**
     * Static OBJECT symbols that become static labels, in section then table order, already
     * filtered per MSCAN.md §4.3 steps 1-4: binding LOCAL or GLOBAL, type OBJECT, size non-zero,
     * not {@code __per_cpu_start/__per_cpu_end}; names demangled when possible, at most 63 bytes.
     */
    List<StaticSymbol> objectSymbols();

    /**
     * The per-CPU range from the {@code __per_cpu_start/__per_cpu_end} symbols, whatever their ELF
     * type (a deliberate difference: the original only recognised OBJECT symbols, spec bug 35).
     */
    PerCpuRange perCpuRange();

    /**
     * The per-CPU range as the original mscan saw it: only LOCAL or GLOBAL OBJECT range symbols
     * count (MSCAN.md §4.3 caveat), so on real kernels (NOTYPE symbols) it is empty. Object ids
     * follow the original through it ({@code LabelMaps.loadStatics}).
     */
    default PerCpuRange originalPerCpuRange() {
        return perCpuRange();
    }

    /**
     * ATTRIBUTION.md §2: the member path of {@code offset} bytes inside an object of the named type
     * ({@code .d_lockref.count}, {@code [3].x}), straight from the image's types, using {@code pcHint}
     * (0 = none) to prefer the compilation unit containing it; {@code null} if no usable type of
     * that name exists. {@link Attribution} renders it ({@code (*(type)0xBASE).field...}).
     */
    String fieldPath(String typeName, long offset, long pcHint);

    /**
     * The static or per-CPU global containing {@code addr} and the path inside it (typed when the
     * image's types describe it, else the symbol and an offset), or {@code null}.
     */
    VariablePath variableAt(long addr);

    /**
     * The path {@code offset} bytes into the global named {@code symbol}, from its type, or
     * {@code null} if the image has no such variable or no types for it. Static and per-CPU labels
     * carry a symbol name, not a type name, so this is how they get field paths (the original
     * printed only {@code symbol+0xoff}, ATTRIBUTION.md §1).
     */
    default VariablePath variablePath(String symbol, long offset) {
        return null;
    }

    /** The flexible array member the struct {@code type} ends with, or null (none, or unknown). */
    default org.mtrace.dwarf.describe.FlexibleArray flexibleArray(String type) {
        return null;
    }

    /** {@code sizeof} the named type from DWARF ({@link KernelLayout}: struct page), if known. */
    default java.util.OptionalLong typeSize(String type) {
        return java.util.OptionalLong.empty();
    }

    /**
     * The members of the struct, union or class {@code type} in layout order (the report's
     * pahole-style layout), or an empty list when the image does not know the type.
     */
    default List<Member> members(String type) {
        return List.of();
    }

    /**
     * Whether struct {@code outer} begins with a {@code inner}: its first member (at offset 0), or
     * that member's first member and so on ({@code tcp_sock} begins with {@code sock}: a
     * {@code struct sock *} is a view of a {@code tcp_sock}; {@code futex_hash_bucket} begins with
     * the {@code atomic_t} of its waiters, a typedef of a struct). {@link #holdsAt} at offset 0.
     */
    default boolean beginsWith(String outer, String inner) {
        return holdsAt(outer, 0, inner);
    }

    /**
     * Whether a {@code inner} lies {@code offset} bytes into a struct or union {@code outer}: a member
     * there of that type, or of a member's member and so on, through arrays' elements and every
     * member of a union ({@code skb_shared_info} holds an {@code atomic_t} at 32, its
     * {@code dataref}). Members named by type only (not anonymous ones) are followed, ten levels deep.
     */
    default boolean holdsAt(String outer, long offset, String inner) {
        return holdsAt(outer, offset, inner, 0);
    }

    private boolean holdsAt(String type, long offset, String inner, int depth) {
        if (depth == 10) {
            return false;
        }
        for (Member m : members(type)) {
            if (m.bitSize() != 0 || offset < m.offset() || offset >= m.offset() + m.size() || m.type().endsWith("*")) {
                continue;
            }
            String t = m.type();
            long at = offset - m.offset();
            int bracket = t.indexOf('[');
            if (bracket > 0) { // an array of one dimension: the element holding the offset
                int close = t.indexOf(']', bracket);
                String digits = close == t.length() - 1 ? t.substring(bracket + 1, close).trim() : "";
                long count = !digits.isEmpty() && digits.length() < 10 && digits.chars().allMatch(Character::isDigit)
                        ? Long.parseLong(digits) : 0;
                if (count <= 0 || m.size() % count != 0) {
                    continue;
                }
                at %= m.size() / count;
                t = t.substring(0, bracket).trim();
            }
            String name = untagged(t);
            if (at == 0 && name.equals(inner) || holdsAt(name, at, inner, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** A C type's name without its {@code struct} or {@code union} tag, as the report names types. */
    static String untagged(String type) {
        return type.startsWith("struct ") ? type.substring(7) : type.startsWith("union ") ? type.substring(6) : type;
    }

    /**
     * The bucket type of the kernel hash table {@code alloc_large_system_hash} allocated under the name
     * {@code table} ({@code TCP bind}: {@code struct inet_bind_hashbucket}), or null when the image does
     * not say.
     */
    default String hashTableBucket(String table) {
        return null;
    }

    /**
     * The type of the global variable {@code symbol} (a static or per-CPU one, by its name in the
     * symbol table), or null when the image does not know it.
     */
    default VariableType variableType(String symbol) {
        return null;
    }

    /** The initial 64-bit value of the variable {@code symbol} in the image, if it has contents. */
    default java.util.OptionalLong initialU64(String symbol) {
        return java.util.OptionalLong.empty();
    }

    /**
     * Issue 16 item 4: the struct type the allocation site returning to {@code site} suggests for an
     * untyped heap object ({@link InferredHeapType} decides whether to use it); null when unknown.
     */
    default org.mtrace.dwarf.alloc.SiteType allocationSiteType(long site) {
        return null;
    }

    /**
     * Whether a function of the inline chain at the allocation site returning to {@code site}
     * returns a pointer to {@code type} ({@link InferredHeapType#mergedCacheUser}); false when unknown.
     */
    default boolean allocationSiteHandsOut(long site, String type) {
        return false;
    }

    /**
     * Issue 16 item 4, the fallback: the struct type of the object the instruction at {@code pc}
     * accesses {@code offset} bytes into, when the instruction's base register holds a typed pointer
     * to the object's start ({@link InstructionHeapType} decides whether to use it); null when unknown.
     */
    default org.mtrace.dwarf.insn.AccessedType accessType(long pc, long offset) {
        return null;
    }

    /**
     * The object the instruction at {@code pc} accesses wherever it lies, with the offset of the
     * access into it ({@code AccessTypes.object}): for memory no label types; null when unknown.
     */
    default org.mtrace.dwarf.insn.ObjectAccess accessedObject(long pc) {
        return null;
    }

    /**
     * Issue 16 item 1: the stack-frame slot the instruction at {@code pc} accesses when it addresses
     * memory through {@code %rsp} (the executing function's frame; the local variable where the
     * call-frame information and DWARF say), or null ({@link StackFrameVotes} decides for a row).
     */
    default org.mtrace.dwarf.frame.StackSlot stackSlot(long pc) {
        return null;
    }

    /**
     * Changes whenever a PC or address may be described differently from before (a module region
     * placed, {@link ModuleKernelInfo}): descriptions memoised under another version are stale.
     */
    default long placementVersion() {
        return 0;
    }

    /**
     * Whether {@link #function} and {@link #source} may be called from a second thread while the
     * owner's thread uses this object (the report resolves its PCs from both ends on two cores).
     */
    default boolean concurrentCodeQueries() {
        return false;
    }

    /** Name of the function whose code contains {@code pc} (innermost, inlined included), or null. */
    String function(long pc);

    /** {@code func at file:line} for the innermost frame at {@code pc}, or {@code null}. */
    String source(long pc);

    /** All inline frames at {@code pc}, innermost first, each {@code func at file:line}; may be empty. */
    List<String> sourceWithInlines(long pc);

    /**
     * Whether this describes a real image (false only for a run without one, where every
     * description takes the fallback); analyses that need one say so in their requirements.
     */
    default boolean isImage() {
        return true;
    }
}
