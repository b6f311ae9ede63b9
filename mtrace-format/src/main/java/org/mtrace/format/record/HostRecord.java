package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.HostType;
import org.mtrace.format.HostView;

/**
 * Immutable host entry. Which union member is meaningful depends on
 * {@code hostType}: access_all_cpu uses {@code mode} and {@code accessStr},
 * call_set/clear_cpu use {@code callCpu}; the unused members are zero/empty.
 */
public record HostRecord(Header header, long hostType, long globalTs, long mode, String accessStr, long callCpu)
        implements EntryRecord {

    /** {@code callCpu} value meaning "the CPU issuing the hypercall". */
    public static final long CURRENT_CPU = -1L;

    /** An access_all_cpu command switching the record mode. */
    public static HostRecord recordMode(Header h, long globalTs, long mode, String name) {
        return new HostRecord(h, HostType.ACCESS_ALL_CPU.code(), globalTs, mode, name, 0);
    }

    /** A call_set_cpu (on) or call_clear_cpu (off) command. */
    public static HostRecord callTracing(Header h, long globalTs, boolean on, long cpu) {
        long t = on ? HostType.CALL_SET_CPU.code() : HostType.CALL_CLEAR_CPU.code();
        return new HostRecord(h, t, globalTs, 0, "", cpu);
    }

    static HostRecord decode(Entry entry) {
        HostView v = entry.asHost();
        long t = v.hostType();
        if (t == HostType.ACCESS_ALL_CPU.code()) {
            return new HostRecord(Header.of(entry), t, v.globalTs(), v.mode(), v.accessStr(), 0);
        }
        if (t == HostType.CALL_SET_CPU.code() || t == HostType.CALL_CLEAR_CPU.code()) {
            return new HostRecord(Header.of(entry), t, v.globalTs(), 0, "", v.callCpu());
        }
        return new HostRecord(Header.of(entry), t, v.globalTs(), 0, "", 0);
    }

    @Override
    public EntryType type() {
        return EntryType.HOST;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put32(b, p + HostView.HOST_TYPE, hostType);
        Bytes.put64(b, p + HostView.GLOBAL_TS, globalTs);
        if (hostType == HostType.ACCESS_ALL_CPU.code()) {
            Bytes.put32(b, p + HostView.MODE, mode);
            Bytes.putString(b, p + HostView.ACCESS_STR, accessStr, true);
        } else if (hostType == HostType.CALL_SET_CPU.code() || hostType == HostType.CALL_CLEAR_CPU.code()) {
            Bytes.put64(b, p + HostView.CALL_CPU, callCpu);
        }
    }
}
