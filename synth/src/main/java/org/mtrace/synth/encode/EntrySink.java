package org.mtrace.synth.encode;

/**
 * Receives fully encoded entries. The bytes are only valid during the call
 * (the encoder reuses its buffer). I/O failures are reported as
 * {@link java.io.UncheckedIOException} so generation code stays free of
 * checked exceptions; {@code Synthesizer} turns them back into one message.
 */
@FunctionalInterface
public interface EntrySink {
    void accept(byte[] entry, int length);
}
