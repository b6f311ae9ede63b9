package org.mtrace.analyses.testcases;

import java.util.Arrays;

/**
 * The ordered list of {@link RangeColumns}' chunks with each chunk's first key (flipped: signed
 * order), in two levels: blocks of at most {@value #BLOCK} chunks, each with its own arrays of
 * chunks and first keys, under one array of blocks. Opening a chunk shifts at most one block's
 * arrays and, when that block splits, the (short) array of blocks, so it does not cost time
 * linear in the number of chunks; a flat directory did, which made a set's growth quadratic.
 *
 * <p>A chunk is named by a handle, {@code block << }{@value #BLOCK_BITS}{@code  | index in block}.
 * Handles are valid until the next {@link #insert} or {@link #remove}.
 */
final class ChunkDirectory<C> {
    private static final int BLOCK_BITS = 8;
    private static final int BLOCK = 1 << BLOCK_BITS;

    private static final class Block {
        final Object[] chunks = new Object[BLOCK];
        final long[] firsts = new long[BLOCK];
        int count;
    }

    private Block[] blocks = new Block[4];
    /** Each block's first key, beside the blocks: the search over blocks reads one array. */
    private long[] blockFirsts = new long[4];
    private int blockCount;
    /**
     * The chunk the last search found, or -1 (cleared when handles change). An access set is
     * searched near its last search most of the time (a CPU works on one object for a while), and
     * checking that chunk's range reads two keys of one block.
     */
    private int lastFound = -1;

    boolean isEmpty() {
        return blockCount == 0;
    }

    @SuppressWarnings("unchecked")
    C get(int handle) {
        return (C) blocks[handle >>> BLOCK_BITS].chunks[handle & (BLOCK - 1)];
    }

    int first() {
        return blockCount == 0 ? -1 : 0;
    }

    /** The handle of the chunk after {@code handle}, or -1. */
    int next(int handle) {
        int b = handle >>> BLOCK_BITS;
        if ((handle & (BLOCK - 1)) + 1 < blocks[b].count) {
            return handle + 1;
        }
        return b + 1 < blockCount ? (b + 1) << BLOCK_BITS : -1;
    }

    /** The handle of the chunk before {@code handle}, or -1. */
    int previous(int handle) {
        int b = handle >>> BLOCK_BITS;
        if ((handle & (BLOCK - 1)) > 0) {
            return handle - 1;
        }
        return b > 0 ? (b - 1) << BLOCK_BITS | blocks[b - 1].count - 1 : -1;
    }

    /** The last chunk whose first key is <= k (flipped), or -1. */
    int lastAtOrBelow(long k) {
        if (lastFound >= 0 && holds(lastFound, k)) {
            return lastFound;
        }
        int lo = 0;
        int hi = blockCount - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (blockFirsts[mid] <= k) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (hi < 0) {
            return -1;
        }
        Block block = blocks[hi];
        int i = Arrays.binarySearch(block.firsts, 0, block.count, k);
        lastFound = hi << BLOCK_BITS | (i >= 0 ? i : -i - 2); // >= 0: the block's first key is <= k
        return lastFound;
    }

    /** Is {@code handle} the last chunk whose first key is <= k? */
    private boolean holds(int handle, long k) {
        int b = handle >>> BLOCK_BITS;
        int i = handle & (BLOCK - 1);
        Block block = blocks[b];
        if (block.firsts[i] > k) {
            return false;
        }
        if (i + 1 < block.count) {
            return block.firsts[i + 1] > k;
        }
        return b + 1 == blockCount || blockFirsts[b + 1] > k;
    }

    void setFirst(int handle, long first) {
        int b = handle >>> BLOCK_BITS;
        int i = handle & (BLOCK - 1);
        blocks[b].firsts[i] = first;
        if (i == 0) {
            blockFirsts[b] = first;
        }
    }

    /**
     * Puts {@code chunk} right after the chunk {@code after} (at the front for -1) and returns
     * its handle.
     */
    int insertAfter(int after, C chunk, long first) {
        lastFound = -1;
        int b;
        int i;
        if (after < 0) {
            if (blockCount == 0) {
                insertBlock(0, new Block(), first);
            }
            b = 0;
            i = 0;
        } else {
            b = after >>> BLOCK_BITS;
            i = (after & (BLOCK - 1)) + 1;
        }
        Block block = blocks[b];
        if (block.count == BLOCK) { // split in halves, then insert into the half that holds i
            int half = BLOCK / 2;
            Block upper = new Block();
            System.arraycopy(block.chunks, half, upper.chunks, 0, BLOCK - half);
            System.arraycopy(block.firsts, half, upper.firsts, 0, BLOCK - half);
            Arrays.fill(block.chunks, half, BLOCK, null);
            upper.count = BLOCK - half;
            block.count = half;
            insertBlock(b + 1, upper, upper.firsts[0]);
            if (i > half) {
                b++;
                i -= half;
                block = upper;
            }
        }
        int move = block.count - i;
        System.arraycopy(block.chunks, i, block.chunks, i + 1, move);
        System.arraycopy(block.firsts, i, block.firsts, i + 1, move);
        block.chunks[i] = chunk;
        block.firsts[i] = first;
        block.count++;
        if (i == 0) {
            blockFirsts[b] = first;
        }
        return b << BLOCK_BITS | i;
    }

    void remove(int handle) {
        lastFound = -1;
        int b = handle >>> BLOCK_BITS;
        int i = handle & (BLOCK - 1);
        Block block = blocks[b];
        int move = block.count - i - 1;
        System.arraycopy(block.chunks, i + 1, block.chunks, i, move);
        System.arraycopy(block.firsts, i + 1, block.firsts, i, move);
        block.count--;
        block.chunks[block.count] = null;
        if (block.count == 0) {
            System.arraycopy(blocks, b + 1, blocks, b, blockCount - b - 1);
            System.arraycopy(blockFirsts, b + 1, blockFirsts, b, blockCount - b - 1);
            blocks[--blockCount] = null;
        } else if (i == 0) {
            blockFirsts[b] = block.firsts[0];
        }
    }

    private void insertBlock(int b, Block block, long first) {
        if (blockCount == blocks.length) {
            blocks = Arrays.copyOf(blocks, 2 * blockCount);
            blockFirsts = Arrays.copyOf(blockFirsts, 2 * blockCount);
        }
        System.arraycopy(blocks, b, blocks, b + 1, blockCount - b);
        System.arraycopy(blockFirsts, b, blockFirsts, b + 1, blockCount - b);
        blocks[b] = block;
        blockFirsts[b] = first;
        blockCount++;
    }
}
