package org.mtrace.analyses.faults;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mtrace.format.FaultKind;

/**
 * {@code --csv=FILE}: one row per event, {@code pc,address,kind,cpu,pid,time} (a superset of
 * qemu-trace's {@code ip,addr}): pc and address in 0x-hex, the kind's word (the number for a kind
 * the format does not define), the CPU, the thread id and the entry's ts (that CPU's instruction count).
 */
final class FaultCsv {
    static final String HEADER = "pc,address,kind,cpu,pid,time";

    private FaultCsv() {
    }

    static void write(FaultRows rows, String path) {
        try (BufferedWriter w = Files.newBufferedWriter(Path.of(path), StandardCharsets.US_ASCII)) {
            w.write(HEADER);
            w.write('\n');
            StringBuilder line = new StringBuilder(96);
            for (int i = 0; i < rows.size(); i++) {
                line.setLength(0);
                FaultKind k = FaultKind.ofCode(rows.kind.get(i));
                line.append("0x").append(Long.toHexString(rows.pc.get(i)))
                        .append(",0x").append(Long.toHexString(rows.address.get(i)))
                        .append(',').append(k != null ? k.spelling() : Integer.toString(rows.kind.get(i)))
                        .append(',').append(rows.cpu.get(i))
                        .append(',').append(Long.toUnsignedString(rows.pid.get(i)))
                        .append(',').append(Long.toUnsignedString(rows.time.get(i)))
                        .append('\n');
                w.append(line);
            }
        } catch (IOException | RuntimeException e) {
            throw PageFaults.csvFailure(path, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}
