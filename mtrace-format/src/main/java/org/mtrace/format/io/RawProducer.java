package org.mtrace.format.io;

import java.io.IOException;
import java.io.InputStream;

/** The entry stream stored as is: reads the file ahead in large blocks so I/O overlaps with decoding. */
final class RawProducer implements BlockProducer {
    private final InputStream in;
    private volatile long position;

    RawProducer(InputStream in) {
        this.in = in;
    }

    @Override
    public void produce(PipelinedSource pipeline) throws IOException, InterruptedException {
        int r = 0;
        while (r >= 0) {
            Block b = pipeline.claim();
            byte[] data = b.out.data;
            try {
                while (b.out.length < data.length && (r = in.read(data, b.out.length, data.length - b.out.length)) >= 0) {
                    b.out.length += r;
                }
            } finally {
                // what was read before a failure is handed out before the failure
                position += b.out.length;
                pipeline.publishFilled(b);
            }
        }
    }

    @Override
    public long inputPosition() {
        return position;
    }

    @Override
    public Container container() {
        return Container.RAW;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
