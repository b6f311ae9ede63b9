package org.mtrace.mscan.kernel;

import java.util.List;
import org.mtrace.dwarf.alloc.SiteType;

/**
 * The original's renderings of data addresses and PCs (ATTRIBUTION.md §2, §3.2), as analyses see them:
 * queries only. What the log declares while it is read (per-CPU areas, kernel-module regions) reaches the
 * engine's {@link KernelAttribution}, which implements this view; analyses cannot change it, as with
 * {@code Labels} and {@code CallStacks}. Never returns null; unknown things get the original's fallback text.
 */
public interface Attribution {

    /** The kernel image the descriptions come from. */
    KernelInfo kernel();

    /** The kernel's address-space layout (computed on first use: it asks DWARF for struct page). */
    KernelLayout layout();

    /**
     * {@code resolve(type, base, offset, pc)}: {@link #describeTyped} if the image knows the type
     * or variable, else {@code type+0x<offset>} (full 64-bit offset in lowercase hex, {@code +0x0}
     * included). For an unlabelled address (empty type, base 0) the fallback {@code +0x<address>}
     * is followed by the name of its region, e.g. {@code +0xffff888001234000 (direct map,
     * unlabelled)}, when the address is in a known one.
     */
    default String resolve(String typeName, long base, long offset, long pc) {
        return describeData(typeName, base, offset, pc).text();
    }

    /**
     * The typed description behind {@link #resolve}: TYPED when the image knows the label's type
     * or variable (type and field path straight from the image's types), NAME for another label,
     * USER, REGION or NONE for an unlabelled address (empty {@code typeName}, {@code offset} = the
     * address) by its region.
     */
    AddressDescription describeData(String typeName, long base, long offset, long pc);

    /**
     * {@link #describeData} for a labelled object of label type {@code labelType} allocated at
     * {@code allocPc}: a page-allocator block whose allocating function tells its purpose
     * ({@link BlockPurpose}) is a REGION named by that purpose when no type describes it.
     */
    AddressDescription describeLabelled(String typeName, long base, long offset, long pc, boolean block,
            long allocPc);

    /** The type the allocation site {@code allocPc} suggests for a heap label named {@code typeName}, or null. */
    SiteType inferredType(String typeName, long allocPc);

    /**
     * For a heap object of a slab cache named after a type ({@code cacheName}): the other type its
     * allocation site shows (SLUB merged the cache with that user's), which {@link #describeLabelled}
     * then describes it by; null when nothing contradicts the name.
     */
    default SiteType mergedCacheUser(String cacheName, long allocPc) {
        return null;
    }

    /**
     * A TYPED description of {@code offset} bytes into an untyped heap object ({@code kmalloc-N})
     * with the type its allocation site suggests ({@link #inferredType}); the text says the type is
     * inferred: {@code (*(super_block)0x...).s_list (kmalloc-2k, type inferred from allocation site)}.
     * Null when there is no such type or it does not describe the offset.
     */
    AddressDescription describeInferred(String typeName, long base, long offset, long allocPc);

    /**
     * The type the access at {@code pc}, {@code offset} bytes into a heap object labelled {@code typeName},
     * proposes for the object, or null; the object's accesses decide together ({@link AccessVotes}).
     */
    org.mtrace.dwarf.insn.AccessedType instructionType(String typeName, long offset, long pc);

    /**
     * The type the access at {@code pc}, {@code offset} bytes into a heap object, proposes for the
     * object when that type has the offset inside it, or null: for the part of a named slab cache's
     * object past the type its allocation site shows ({@code TCP}'s objects are {@code tcp_sock}s the
     * site keeps in a {@code struct sock *}). The object's accesses decide together ({@link AccessVotes}).
     */
    default org.mtrace.dwarf.insn.AccessedType instructionTypeCovering(long offset, long pc) {
        return null;
    }

    /**
     * Whether the struct {@code outer} begins with a {@code inner} (as its first member, or its first
     * member's first member, ...): {@code tcp_sock} begins with {@code inet_connection_sock}, which
     * begins with {@code inet_sock}, which begins with {@code sock}. An object of {@code outer} may
     * then be described by {@code outer} where it was known as {@code inner}.
     */
    default boolean beginsWith(String outer, String inner) {
        return false;
    }

    /** {@link KernelInfo#holdsAt}: whether struct {@code outer} holds a {@code inner} {@code offset} bytes in. */
    default boolean holdsAt(String outer, long offset, String inner) {
        return false;
    }

    /**
     * The object the instruction at {@code pc} accesses, wherever it lies, with the offset of the
     * access into it ({@link KernelInfo#accessedObject}), or null: memory no label types votes
     * with it for its objects' starts and types (the report's {@code KeyVotes}).
     */
    default org.mtrace.dwarf.insn.ObjectAccess accessedObject(long pc) {
        return null;
    }

    /**
     * A TYPED description of {@code offset} bytes into an object of {@code type} at {@code base} that
     * the label {@code labelName} does not name but {@code evidence} places there
     * ({@code (*(dentry)0x...).d_lockref.count (slab page of dentry, object inferred from the cache's
     * stride)}), or null when the type has no member there.
     */
    default AddressDescription describeAs(String labelName, long base, long offset, String type, String evidence) {
        return null;
    }

    /**
     * A TYPED description of {@code offset} bytes into an untyped heap object with the type its accesses
     * agreed on ({@link AccessVotes}):
     * {@code (*(conn)0x...).state (kmalloc-64, type inferred from accessing instruction)}; null when the
     * type does not describe the offset.
     */
    AddressDescription describeByInstruction(String typeName, long base, long offset, AccessVotes votes);

    /**
     * Issue 16 item 1: the stack-frame slot the access at {@code pc} proposes for a kernel stack
     * address, when its instruction addresses memory as {@code disp(%rsp)} (the executing function's
     * frame), or null; a row's accesses decide together ({@link StackFrameVotes}).
     */
    org.mtrace.dwarf.frame.StackSlot stackSlot(long pc);

    /**
     * A STACK description of {@code offset} bytes into a stack label ({@link RegionLabel.Kind#STACK})
     * with the frame its accesses agreed on: {@code stack of 812 (rm)+0x3f20, frame of do_sys_openat2}
     * or, with the local variable, {@code stack of 812 (rm)+0x3f28, frame of do_sys_openat2:
     * op.lookup_flags}; null when they agreed on none.
     */
    AddressDescription describeStack(String labelName, long base, long offset, StackFrameVotes votes);

    /** {@link #describeStack} for an address accessed from {@code pcs}, which vote here. */
    default AddressDescription describeStack(String labelName, long base, long offset, long... pcs) {
        StackFrameVotes votes = new StackFrameVotes();
        for (long pc : pcs) {
            votes.add(stackSlot(pc), pc);
        }
        return describeStack(labelName, base, offset, votes);
    }

    /**
     * The typed description of {@code offset} bytes into an object labelled {@code typeName} at
     * {@code base}: {@code (*(type)0xBASE).field} if the name is a type; else, for a static or
     * per-CPU label (named by its symbol), the variable's field path, with the CPU whose per-CPU
     * area holds {@code base} named after the variable ({@code runqueues[cpu 2].lock}); for a
     * kernel module's region label, the module's variable there. Null when the image types none
     * of these (the caller's fallback is {@code type+0xOFF}).
     */
    String describeTyped(String typeName, long base, long offset, long pc);

    /** {@code describe(pc)}: {@code func at file:line}; unknown: {@code 0x<pc> at ??:0}. */
    String describe(long pc);

    /** {@code describe_all(pc)}: every inline frame, innermost first (at least one entry). */
    List<String> describeAll(long pc);

    /** {@code func(pc)}: the innermost function's name; unknown: {@code 0x<pc>}. */
    String func(long pc);
}
