import java.nio.file.Path;
import org.mtrace.format.io.Compression;
import org.mtrace.format.io.LogWriter;
import org.mtrace.format.record.AccessRecord;
import org.mtrace.format.record.Header;
import org.mtrace.format.record.HostRecord;
import org.mtrace.format.record.LabelRecord;
import org.mtrace.format.record.MachineRecord;

/**
 * Writes a log of N live heap labels (none freed; 6 names, 97 alloc PCs), each 64-byte object's line
 * written by CPU 0 and then CPU 1, so all-sharing keeps every line: the issue-13 case of millions of
 * live labels. Usage: java -cp "dist/target/lib/*" scripts/GenLiveLabels.java OUT.log.gz N
 */
public class GenLiveLabels {
    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[1]);
        String[] names = {"dentry", "kmalloc-64", "inode_cache", "filp", "pages", "task_struct"};
        try (LogWriter w = LogWriter.create(Path.of(args[0]), Compression.BGZF)) {
            w.write(new MachineRecord(new Header(0, 0, 0), 2, 1L << 30, 0, 1, false, false));
            w.write(HostRecord.recordMode(new Header(0, 0, 1), 100, 2, "app"));
            long count = 0;
            for (long i = 0; i < n; i++) {
                long line = 0xffff888000000000L + 64 * i;
                long pc = 0xffffffff81000000L + 16 * (i % 97);
                w.write(new LabelRecord(new Header(0, count, 0), 0, 1, names[(int) (i % 6)], line, 64, pc));
                w.write(new AccessRecord(new Header(0, count++, 0), 2, true, false, false, pc, line, line + 8, 8));
                w.write(new AccessRecord(new Header(1, count++, 0), 2, true, false, false, pc + 4, line, line + 8, 8));
            }
        }
    }
}
