package org.mtrace.mscan.kernel;

import org.mtrace.dwarf.insn.AccessedType;

/**
 * Whether an access to an untyped heap object ({@code kmalloc-N}) names the object's type through
 * its instruction ({@link KernelInfo#accessType}, issue 16 item 4, the fallback after the allocation
 * site): the type must fit the kmalloc bucket, {@code sizeof(T) <= N}. One access only proposes;
 * {@link AccessVotes} decides for the object.
 */
final class InstructionHeapType {
    private final KernelInfo kernel;

    InstructionHeapType(KernelInfo kernel) {
        this.kernel = kernel;
    }

    /** The type the access at {@code pc}, {@code offset} bytes into a heap object named {@code labelName}, proposes, or null. */
    AccessedType typeFor(String labelName, long offset, long pc) {
        long bucket = InferredHeapType.bucket(labelName);
        if (bucket <= 0 || pc == 0 || offset < 0 || offset >= bucket) {
            return null;
        }
        AccessedType t = kernel.accessType(pc, offset);
        return t == null || t.size() <= 0 || t.size() > bucket ? null : t;
    }
}
