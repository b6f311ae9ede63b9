package org.mtrace.format.io;

/** Payloads of several BGZF members compressed together by one worker, written out in order. */
final class DeflateBatch extends Pending {
    static final int MEMBERS = 16;

    final byte[] payload = new byte[MEMBERS * BgzfMemberEncoder.MAX_PAYLOAD];
    final int[] payloadEnd = new int[MEMBERS];
    int members;
    final byte[] encoded = new byte[MEMBERS * BgzfMemberEncoder.MAX_MEMBER];
    int encodedLength;
    RuntimeException failure;

    @Override
    void failInternally(Throwable bug) {
        failure = bug instanceof RuntimeException r ? r : new IllegalStateException(bug.toString(), bug);
    }

    void reset() {
        members = 0;
        encodedLength = 0;
        failure = null;
        clearReady();
    }

    boolean full() {
        return members == MEMBERS;
    }

    void add(byte[] data, int len) {
        int start = members == 0 ? 0 : payloadEnd[members - 1];
        System.arraycopy(data, 0, payload, start, len);
        payloadEnd[members++] = start + len;
    }

    /** Compresses every member; run by a worker. */
    void encode(BgzfMemberEncoder encoder) {
        int start = 0;
        for (int i = 0; i < members; i++) {
            encodedLength += encoder.encode(payload, start, payloadEnd[i] - start, encoded, encodedLength);
            start = payloadEnd[i];
        }
    }
}
