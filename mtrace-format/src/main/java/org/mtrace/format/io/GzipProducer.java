package org.mtrace.format.io;

import java.io.IOException;

/**
 * Produces the stream of a gzip log. While members carry their size in the
 * BGZF subfield it only slices whole members out of the file and lets a
 * {@link WorkerPool} of {@link MemberInflater}s inflate batches of them on
 * several cores; from the first member that lacks the subfield or looks
 * inconsistent (and from the start if there are no workers) it inflates the
 * rest sequentially with a {@link StreamInflater}, which handles every gzip
 * layout and every fault. Either way a member's bytes are verified against its
 * trailer before they are handed out, whatever its extra field says (the one
 * exception: a member too large for a block, see {@link StreamInflater}).
 */
final class GzipProducer implements BlockProducer {
    /** Largest ISIZE accepted for parallel inflation (one member must fit a block); bigger members are streamed. */
    static final int MAX_PARALLEL_MEMBER = PipelinedSource.BLOCK_SIZE;

    private final InputBuffer in;
    private final WorkerPool<Block> workers;
    private final StreamInflater stream;
    private volatile long slicedPosition;
    private volatile boolean streaming;
    /** Decompressed bytes of the members handed to the workers (each verified before delivery). */
    private long slicedBytes;
    /** Inflater of the reader's thread for {@link #helpFill}; only that thread touches it. */
    private MemberInflater readerInflater;

    /** @param workers inflation threads, or null to inflate everything sequentially */
    GzipProducer(InputBuffer in, WorkerPool<Block> workers) {
        this.in = in;
        this.workers = workers;
        this.stream = new StreamInflater(in);
    }

    @Override
    public void produce(PipelinedSource pipeline) throws IOException, InterruptedException {
        if (workers != null && sliceMembers(pipeline)) {
            return;
        }
        streaming = true;
        if (GzipHeader.atMember(in)) { // anything else after the last member is ignored, as zlib does
            stream.inflateRest(pipeline, slicedBytes);
        }
    }

    /**
     * Hands batches of BGZF members to the workers. Returns true at the end
     * of the input, false when the member at the input position must be
     * inflated sequentially.
     */
    private boolean sliceMembers(PipelinedSource pipeline) throws IOException, InterruptedException {
        Block batch = null;
        try {
            while (true) {
                int size = GzipHeader.bgzfMemberSize(in);
                if (size < 0) {
                    return false;
                }
                long isize = GzipHeader.isize(in, size);
                if (isize > MAX_PARALLEL_MEMBER) {
                    return false;
                }
                int inflated = (int) isize;
                if (batch != null && !batch.members().fits(size, inflated, batch.out.data.length)) {
                    dispatch(pipeline, batch);
                    batch = null;
                }
                if (batch == null) {
                    batch = pipeline.claim();
                }
                batch.members().add(in.buf, in.pos, size, in.position(), inflated);
                in.pos += size;
                slicedBytes += inflated;
                slicedPosition = in.position();
                if (!in.ensure(1)) {
                    return true;
                }
            }
        } finally {
            if (batch != null) {
                dispatch(pipeline, batch);
            }
        }
    }

    @Override
    public void helpFill(Block block) {
        if (workers != null) {
            if (readerInflater == null) {
                readerInflater = new MemberInflater();
            }
            readerInflater.process(block); // no-op if a worker has started it
        }
    }

    private void dispatch(PipelinedSource pipeline, Block batch) throws InterruptedException {
        batch.markQueued();
        pipeline.publish(batch);
        workers.submit(batch);
    }

    @Override
    public long inputPosition() {
        return streaming ? stream.inputPosition() : slicedPosition;
    }

    @Override
    public Container container() {
        return Container.GZIP;
    }

    @Override
    public void close() throws IOException {
        if (workers != null) {
            workers.shutdown();
        }
        if (readerInflater != null) {
            readerInflater.end();
        }
        in.close();
    }
}
