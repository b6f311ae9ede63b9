package org.mtrace.format.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mtrace.format.EntryType;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.EntryRecord;
import org.mtrace.format.record.Header;

class RoundTripTest {

    /** FORMAT.md §5.2 worked example, bytes copied from the spec. */
    static final String SPEC_ACCESS_HEX = "020000003600010034120000000000000000000000000000020000000167452381ffffffff"
            + "78563412007f00007856341200" + "88ffff08";

    @Test
    void encodesTheSpecsWorkedAccessExample() {
        AccessRecord r = new AccessRecord(new Header(1, 0x1234, 0), 2, true, false, false, 0xffffffff81234567L,
                0x00007f0012345678L, 0xffff880012345678L, 8);
        assertArrayEquals(HexFormat.of().parseHex(SPEC_ACCESS_HEX), r.toBytes());
    }

    @Test
    void layoutSizesMatchTheSpecTable() {
        for (EntryType t : EntryType.values()) {
            assertEquals(Logs.SPEC_SIZES.get(t.code()), t.layoutSize(), t.spelling());
        }
        assertEquals(15, Logs.SPEC_SIZES.size());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyKindWithEdgeValuesRoundTrips(Compression c) throws Exception {
        List<EntryRecord> written = Logs.everyKind();
        for (ReaderOptions o : List.of(Logs.PARALLEL, Logs.SEQUENTIAL)) {
            Logs.Outcome read = Logs.read(Logs.write(written, c), o);
            assertNull(read.fault());
            assertEquals(written, read.entries());
        }
        // the decompressed stream is exactly the spec sizes back to back
        long expected = written.stream().mapToLong(r -> Logs.SPEC_SIZES.get(r.type().code())).sum();
        assertEquals(expected, Logs.raw(written).length);
    }

    @Test
    void unterminatedNamesAndLongLabelsKeepTheirLengths() throws Exception {
        Logs.Outcome read = Logs.read(Logs.write(Logs.everyKind(), Compression.BGZF), Logs.PARALLEL);
        assertEquals(63, ((org.mtrace.format.record.LabelRecord) read.entries().get(0)).str().length());
        assertEquals(64, ((org.mtrace.format.record.AscopeRecord) read.entries().get(12)).name().length());
        assertEquals(64, ((org.mtrace.format.record.GcRecord) read.entries().get(14)).name().length());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void manyEntriesAcrossBlocksRoundTrip(Compression c) throws Exception {
        List<EntryRecord> written = Logs.mixed(50_000); // ~3 MB: several 1 MiB blocks, entries cut at block ends
        byte[] log = Logs.write(written, c);
        assertEquals(written, Logs.read(log, Logs.PARALLEL).entries());
        if (c != Compression.RAW) {
            // stock gzip decoding (java.util.zip, like zlib) yields exactly the raw stream
            byte[] unz = new GZIPInputStream(new ByteArrayInputStream(log)).readAllBytes();
            assertArrayEquals(Logs.raw(written), unz);
        } else {
            assertArrayEquals(Logs.raw(written), log);
        }
    }

    @Test
    void copyingEntriesIsByteIdentical() throws Exception {
        byte[] original = Logs.raw(Logs.mixed(40_000));
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (LogReader r = LogReader.open(new ByteArrayInputStream(Logs.write(Logs.mixed(40_000), Compression.BGZF)),
                "in", Logs.PARALLEL); LogWriter w = LogWriter.create(copy, Compression.RAW)) {
            while (r.next()) {
                w.write(r.entry());
            }
        }
        assertArrayEquals(original, copy.toByteArray());
    }

    @Test
    void parallelDeflateWritesTheSameStreamAsSequential() throws Exception {
        List<EntryRecord> written = Logs.mixed(30_000);
        WriterOptions small = WriterOptions.DEFAULT.withMemberPayload(4096);
        byte[] seq = Logs.write(written, Compression.BGZF, small.withDeflateThreads(1));
        byte[] par = Logs.write(written, Compression.BGZF, small.withDeflateThreads(3));
        // Members are independent and deterministic, so the files must be identical byte for byte.
        assertArrayEquals(seq, par);
        assertArrayEquals(Logs.raw(written), new GZIPInputStream(new ByteArrayInputStream(par)).readAllBytes());
    }
}
