package org.mtrace.format.io;

/** A block of decompressed log bytes handed from a {@link ChunkSource} to the reader, then given back. */
public final class Chunk {
    final byte[] data;
    int length;

    public Chunk(int capacity) {
        this.data = new byte[capacity];
    }

    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    public void setLength(int length) {
        this.length = length;
    }
}
