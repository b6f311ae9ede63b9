package org.mtrace.format.io;

import java.util.zip.DataFormatException;

/**
 * Inflates the deflate data of gzip members, with the calls and meanings of
 * {@link java.util.zip.Inflater} in {@code nowrap} mode, which is what the readers used before:
 * {@link IsalInflater} (Intel's ISA-L through JNI, about twice as fast) when its library loads,
 * else {@link JdkInflater} (the JDK's zlib). Both give the same bytes; the gzip header stays with
 * the callers, and so does the trailer unless the inflater checks it ({@link #verifiesGzipTrailer}).
 *
 * <p>{@link #create} reads the system property {@value #PROPERTY}: {@code auto} (the default: ISA-L
 * when it loads), {@code jdk}, or {@code isal} (ISA-L, and an error when it does not load).
 */
interface RawInflater {
    String PROPERTY = "mtrace.inflater";

    /** Starts a new deflate stream; the input is forgotten. */
    void reset();

    /** The input to inflate from, kept by reference (as {@link java.util.zip.Inflater#setInput}). */
    void setInput(byte[] b, int off, int len);

    /** Inflates into {@code out}; returns the bytes written (0: more input is needed, or the stream ended). */
    int inflate(byte[] out, int off, int len) throws DataFormatException;

    /** Whether the end of the deflate stream was reached and all its bytes were handed out. */
    boolean finished();

    /** Whether {@link #inflate} cannot go on without more input. */
    boolean needsInput();

    /**
     * Whether the inflater also consumes the gzip trailer after the deflate data and checks its
     * CRC-32 and length (see {@link IsalInflater}), throwing {@link TrailerMismatch} when they do not match.
     */
    default boolean verifiesGzipTrailer() {
        return false;
    }

    /**
     * For an inflater that checks the trailer ({@link #verifiesGzipTrailer}) and ran out of input
     * inside it: the trailer's bytes it holds, so that a reader can say where the trailer began;
     * -1 when it is not reading a trailer.
     */
    default int trailerBytesHeld() {
        return -1;
    }

    /** A gzip trailer that does not match the inflated data ({@link #verifiesGzipTrailer}). */
    final class TrailerMismatch extends DataFormatException {
        private static final long serialVersionUID = 1L;

        TrailerMismatch() {
            super("CRC-32/length mismatch");
        }
    }

    /** Whether the stream asks for a preset dictionary (never in raw deflate data inflated by ISA-L). */
    boolean needsDictionary();

    /**
     * Input bytes not consumed: after {@link #finished()}, those after the deflate data, or after
     * the trailer when the inflater checked it ({@link #verifiesGzipTrailer}).
     */
    int getRemaining();

    /** Releases the inflater's memory; it cannot be used again. */
    void end();

    /**
     * The inflater {@value #PROPERTY} asks for (see the class comment), for gzip members: ISA-L
     * also checks and consumes each member's trailer ({@link #verifiesGzipTrailer}); zlib
     * leaves it to the caller.
     */
    static RawInflater forGzipMember() {
        return useIsal() ? new IsalInflater() : new JdkInflater();
    }

    private static boolean useIsal() {
        switch (System.getProperty(PROPERTY, "auto")) {
            case "jdk":
                return false;
            case "isal":
                if (!IsalInflater.available()) {
                    throw new IllegalStateException("-D" + PROPERTY + "=isal: " + IsalInflater.unavailableReason());
                }
                return true;
            default:
                return IsalInflater.available();
        }
    }
}
