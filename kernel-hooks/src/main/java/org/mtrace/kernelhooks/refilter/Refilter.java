package org.mtrace.kernelhooks.refilter;

import java.io.IOException;
import org.mtrace.format.AccessType;
import org.mtrace.format.AccessView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.HostType;
import org.mtrace.format.RecordMode;
import org.mtrace.format.io.LogReader;
import org.mtrace.format.io.LogWriter;
import org.mtrace.mscan.lines.TransferModel;

/**
 * Applies the movement filter offline to a full trace (a log recorded with
 * {@code --all} and no sampling), giving the entries the recorder would have
 * logged with the filter on the same access stream: every entry other than
 * an access is copied byte for byte; an access made in movement mode is kept
 * when it moves a line or carries the lock flag, with its traffic flag set to
 * the filter's decision (as the plugin sets it); accesses in other modes are
 * copied.  The filter is reset where the log enters movement mode, as the
 * plugin does.
 */
public final class Refilter {
    /** Why the input cannot be refiltered, located at one entry. */
    public static final class BadInputException extends Exception {
        private static final long serialVersionUID = 1L;

        BadInputException(String file, Entry e, String why) {
            super(file + ": entry " + e.index() + " at byte offset " + e.streamOffset() + ": " + why);
        }
    }

    /** Entries read, and access entries read and kept. */
    public record Counts(long entries, long accessesIn, long accessesOut) { }

    private static final int TRAFFIC = 1 << AccessView.TRAFFIC_BIT;
    private static final int LOCK = 1 << AccessView.LOCK_BIT;

    private final TransferModel filter;
    private final byte[] scratch = new byte[EntryType.MAX_ENTRY_SIZE];

    public Refilter(TransferModel filter) {
        this.filter = filter;
    }

    /** Copies {@code in} to {@code out} with the filter applied; stops at the first entry that breaks a rule. */
    public Counts run(LogReader in, LogWriter out) throws IOException, BadInputException {
        RecordMode mode = RecordMode.DISABLE;
        long accessesIn = 0;
        long accessesOut = 0;
        long lastCount = -1;
        while (in.next()) {
            Entry e = in.entry();
            EntryType type = e.type();
            if (type == EntryType.MACHINE && e.asMachine().sample() > 1) {
                throw new BadInputException(in.name(), e, "the log was sampled (1 of " + e.asMachine().sample()
                        + "); refiltering needs every access: record with --all and without --sample");
            }
            if (type == EntryType.HOST && e.asHost().hostType() == HostType.ACCESS_ALL_CPU.code()) {
                RecordMode next = RecordMode.ofCode(e.asHost().mode());
                if (next == RecordMode.MOVEMENT && mode != RecordMode.MOVEMENT) {
                    filter.reset(); // the plugin's rec_set_mode: every CPU holds every line again
                }
                if (next != null) {
                    mode = next;
                }
            }
            if (type != EntryType.ACCESS) {
                out.write(e);
                continue;
            }
            accessesIn++;
            AccessView a = e.asAccess();
            // A full trace counts every enabled access and logs each: no access_count may be skipped.
            if (lastCount >= 0 && e.accessCount() != lastCount + 1) {
                throw new BadInputException(in.name(), e, "access_count jumps from " + lastCount + " to "
                        + e.accessCount() + ": not a full trace (record with --all)");
            }
            lastCount = e.accessCount();
            if (!a.traffic()) {
                throw new BadInputException(in.name(), e, "an access without the traffic flag: the log was "
                        + "filtered already (record with --all)");
            }
            if (mode != RecordMode.MOVEMENT) {
                out.write(e);
                accessesOut++;
                continue;
            }
            if (e.cpu() >= TransferModel.MAX_CPUS) {
                throw new BadInputException(in.name(), e, "cpu " + e.cpu() + " is beyond the filter's "
                        + TransferModel.MAX_CPUS + " CPUs");
            }
            boolean traffic = filter.access(a.hostAddr(), a.bytes(), e.cpu(),
                    a.accessType() == AccessType.ST.code());
            boolean lock = a.lock();
            if (traffic || lock) {
                System.arraycopy(e.buffer(), e.position(), scratch, 0, e.size());
                scratch[AccessView.FLAGS] = (byte) ((a.flags() & ~(TRAFFIC | LOCK)) | (traffic ? TRAFFIC : 0)
                        | (lock ? LOCK : 0));
                out.writeEncoded(scratch, 0, e.size());
                accessesOut++;
            }
        }
        return new Counts(in.entriesRead(), accessesIn, accessesOut);
    }
}
