package org.mtrace.format.io;

/**
 * One step of the decompressed stream travelling from a producer to the
 * reader: an output {@link Chunk}, the fault (if any) that follows its bytes,
 * and, for parallel gzip, the compressed members it is inflated from. Blocks
 * are recycled; a block may be queued before its bytes exist and the reader
 * waits for {@link #awaitReady()}.
 */
final class Block extends Pending {
    final Chunk out;
    /** Compressed members sliced from the file (parallel gzip only, created on first use). */
    PackedMembers members;
    /** Fault to report after this block's bytes; null if none. */
    ContainerException failure;

    Block(int capacity) {
        this.out = new Chunk(capacity);
    }

    @Override
    void failInternally(Throwable bug) {
        failure = new ContainerException(Problem.IO_ERROR, (bug instanceof OutOfMemoryError ? "out of memory" : "internal error")
                + " while inflating: " + bug, bug);
    }

    /** Makes the block empty and not ready, for reuse. */
    void reset() {
        out.length = 0;
        failure = null;
        if (members != null) {
            members.clear();
        }
        clearReady();
    }

    PackedMembers members() {
        if (members == null) {
            members = new PackedMembers();
        }
        return members;
    }

    int spaceLeft() {
        return out.data.length - out.length;
    }
}
