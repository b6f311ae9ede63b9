package org.mtrace.format.io;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** {@link RawInflater} by the JDK's zlib ({@link Inflater} in {@code nowrap} mode). */
final class JdkInflater implements RawInflater {
    private final Inflater inflater = new Inflater(true);

    @Override
    public void reset() {
        inflater.reset();
    }

    @Override
    public void setInput(byte[] b, int off, int len) {
        inflater.setInput(b, off, len);
    }

    @Override
    public int inflate(byte[] out, int off, int len) throws DataFormatException {
        return inflater.inflate(out, off, len);
    }

    @Override
    public boolean finished() {
        return inflater.finished();
    }

    @Override
    public boolean needsInput() {
        return inflater.needsInput();
    }

    @Override
    public boolean needsDictionary() {
        return inflater.needsDictionary();
    }

    @Override
    public int getRemaining() {
        return inflater.getRemaining();
    }

    @Override
    public void end() {
        inflater.end();
    }
}
