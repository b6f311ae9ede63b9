package org.mtrace.format.io;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.zip.DataFormatException;

/**
 * {@link RawInflater} by Intel's ISA-L ({@code libisal.so.2}) through the JNI library
 * {@code libmtrace-isal.so} that the build compiles into this package when ISA-L's headers are
 * installed (src/main/c). On a recorded kernel log ISA-L inflates about 2.3 times as fast as zlib
 * (igzip 1.7-2.0 s against zcat 12.5 s and the JDK's zlib about 4.3 s for a 489 MB gzip stream of
 * 50 M entries), and inflating one gzip stream is what bounds reading it.
 *
 * <p>It inflates a gzip member's deflate data and then checks and consumes its trailer
 * ({@link #verifiesGzipTrailer}): ISA-L reads input ahead into its own buffers, and only after
 * reading the trailer itself does it leave the input exactly at the member's end, whatever arrays
 * the input came in (raw deflate data followed by other bytes lost some of them in tests when the
 * input came in small slices). The native side holds ISA-L's inflate state (with the last 32 KiB
 * of output, so every call may write to another array); this side holds the input position. ISA-L may keep decoded bytes it
 * could not hand out for lack of room, with all of its input consumed, so {@link #needsInput} is
 * true only after a call that left room in its output.
 */
final class IsalInflater implements RawInflater {
    private static final String LIBRARY = "libmtrace-isal.so";
    private static final long PRODUCED = (1L << 31) - 1;
    private static final long FINISHED = 1L << 62;
    private static final int INCORRECT_CHECKSUM = -6;
    /** Null when the library loaded, else why not. */
    private static final String UNAVAILABLE = load();

    private long state;
    private byte[] input;
    private int inputOff;
    private int inputLen;
    private boolean finished;
    /** The last call filled its output: ISA-L may hold more decoded bytes. */
    private boolean outputFull;

    IsalInflater() {
        state = create();
        if (state == 0) {
            throw new OutOfMemoryError("no memory for ISA-L's inflate state");
        }
    }

    static boolean available() {
        return UNAVAILABLE == null;
    }

    static String unavailableReason() {
        return UNAVAILABLE == null ? "" : UNAVAILABLE;
    }

    @Override
    public void reset() {
        reset(open());
        input = null;
        inputOff = 0;
        inputLen = 0;
        finished = false;
        outputFull = false;
    }

    @Override
    public void setInput(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new ArrayIndexOutOfBoundsException("input " + off + "+" + len + " of " + b.length);
        }
        input = b;
        inputOff = off;
        inputLen = len;
    }

    @Override
    public int inflate(byte[] out, int off, int len) throws DataFormatException {
        if (off < 0 || len < 0 || off > out.length - len) {
            throw new ArrayIndexOutOfBoundsException("output " + off + "+" + len + " of " + out.length);
        }
        if (finished || len == 0) {
            return 0;
        }
        long r = inflate(open(), input, inputOff, inputLen, out, off, len);
        int consumed = (int) (r << 2 >> 33); // bits 31-61, signed
        inputOff += consumed;
        inputLen -= consumed;
        if (r < 0) { // an error: the input still moved (a trailer that failed its check was consumed)
            int code = -(int) (r & 0xff);
            if (code == INCORRECT_CHECKSUM) {
                throw new TrailerMismatch();
            }
            throw new DataFormatException(error(code));
        }
        int produced = (int) (r & PRODUCED);
        finished = (r & FINISHED) != 0;
        outputFull = produced == len;
        return produced;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public boolean needsInput() {
        return !finished && inputLen == 0 && !outputFull;
    }

    @Override
    public boolean verifiesGzipTrailer() {
        return true;
    }

    @Override
    public int trailerBytesHeld() {
        return trailerBytesHeld(open());
    }

    @Override
    public boolean needsDictionary() {
        return false;
    }

    @Override
    public int getRemaining() {
        return inputLen;
    }

    /** The native state; a call after {@link #end} must not reach ISA-L with a freed pointer. */
    private long open() {
        if (state == 0) {
            throw new IllegalStateException("the inflater was ended");
        }
        return state;
    }

    @Override
    public void end() {
        if (state != 0) {
            free(state);
            state = 0;
        }
    }

    /** ISA-L's error codes (igzip_lib.h), worded as zlib words its own. */
    private static String error(int code) {
        switch (code) {
            case -1:
                return "invalid block type or header";
            case -2:
                return "invalid literal/length or distance code";
            case -3:
                return "invalid distance too far back";
            case -100:
                return "out of memory pinning the buffers";
            default:
                return "ISA-L error " + code;
        }
    }

    /**
     * Loads the library from this package's resources: straight from the class directory, or a
     * copy of it in a temporary file when it sits in a jar. Returns null, or why it did not load.
     */
    private static String load() {
        URL url = IsalInflater.class.getResource(LIBRARY);
        if (url == null) {
            return LIBRARY + " was not built (ISA-L's headers were missing at build time: apt-get install libisal-dev)";
        }
        try {
            Path path;
            if ("file".equals(url.getProtocol())) {
                path = Paths.get(url.toURI());
            } else {
                path = Files.createTempFile("mtrace-isal", ".so");
                path.toFile().deleteOnExit();
                try (InputStream in = url.openStream()) {
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            System.load(path.toAbsolutePath().toString());
            return null;
        } catch (IOException | java.net.URISyntaxException | UnsatisfiedLinkError | SecurityException e) {
            return LIBRARY + " did not load (" + e.getMessage() + "; is libisal2 installed?)";
        }
    }

    private static native long create();

    private static native void reset(long state);

    private static native void free(long state);

    private static native int trailerBytesHeld(long state);

    private static native long inflate(long state, byte[] in, int inOff, int inLen, byte[] out, int outOff, int outLen);
}
