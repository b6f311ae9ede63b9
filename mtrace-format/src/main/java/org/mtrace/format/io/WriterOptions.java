package org.mtrace.format.io;

import java.util.zip.Deflater;

/**
 * How a {@link LogWriter} compresses.
 *
 * @param level deflate level, 1 (fastest) .. 9 (smallest); -1 for zlib's default (6, what the emulator's gzip used)
 * @param deflateThreads threads compressing BGZF members once a log is large (0: one per available core;
 *     1: compress on the writing thread only)
 * @param memberPayload entry bytes per BGZF member (at most 65280; smaller only to exercise many members in tests)
 */
public record WriterOptions(int level, int deflateThreads, int memberPayload) {
    public static final WriterOptions DEFAULT = new WriterOptions(Deflater.DEFAULT_COMPRESSION, 0,
            BgzfMemberEncoder.MAX_PAYLOAD);

    public WriterOptions {
        if (level != Deflater.DEFAULT_COMPRESSION && (level < 0 || level > 9)) {
            throw new IllegalArgumentException("deflate level must be 0..9 or -1, not " + level);
        }
        if (deflateThreads < 0) {
            throw new IllegalArgumentException("deflate threads must be >= 0, not " + deflateThreads);
        }
        if (memberPayload < org.mtrace.format.EntryType.MAX_ENTRY_SIZE || memberPayload > BgzfMemberEncoder.MAX_PAYLOAD) {
            throw new IllegalArgumentException("member payload must be " + org.mtrace.format.EntryType.MAX_ENTRY_SIZE + ".."
                    + BgzfMemberEncoder.MAX_PAYLOAD + ", not " + memberPayload);
        }
    }

    public WriterOptions withLevel(int l) {
        return new WriterOptions(l, deflateThreads, memberPayload);
    }

    public WriterOptions withDeflateThreads(int t) {
        return new WriterOptions(level, t, memberPayload);
    }

    public WriterOptions withMemberPayload(int p) {
        return new WriterOptions(level, deflateThreads, p);
    }

    int resolvedThreads() {
        return deflateThreads > 0 ? deflateThreads : Runtime.getRuntime().availableProcessors();
    }
}
