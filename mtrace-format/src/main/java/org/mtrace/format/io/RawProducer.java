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
        while (true) {
            Block b = pipeline.claim();
            byte[] data = b.out.data;
            int n = 0;
            int r = 0;
            while (n < data.length && (r = in.read(data, n, data.length - n)) >= 0) {
                n += r;
            }
            position += n;
            if (n == 0) {
                pipeline.recycle(b);
                return;
            }
            b.out.length = n;
            b.markReady();
            pipeline.publish(b);
            if (r < 0) {
                return;
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
