package org.mtrace.bench;

import org.mtrace.format.AccessView;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.FcallView;
import org.mtrace.format.HostView;
import org.mtrace.format.LabelView;
import org.mtrace.format.LockView;
import org.mtrace.format.MachineView;
import org.mtrace.format.TaskView;

/**
 * Decodes every field of every entry through the public views and folds
 * them into one checksum, so the JIT cannot skip any decoding. The checksum
 * also lets two reads of the same log (raw, gzip, BGZF) be compared.
 */
final class FieldChecksum {
    private final StringBuilder text = new StringBuilder(64);
    private long sum;

    long value() {
        return sum;
    }

    void add(Entry e) {
        long h = e.typeCode() * 31L + e.size();
        h = h * 31 + e.cpu();
        h = h * 31 + e.accessCount();
        h = h * 31 + e.ts();
        EntryType t = e.type();
        if (t != null) {
            h = h * 31 + body(e, t);
        }
        sum = sum * 1_000_003L + h;
    }

    private long body(Entry e, EntryType t) {
        switch (t) {
            case ACCESS: {
                AccessView a = e.asAccess();
                long h = a.accessType() + (a.traffic() ? 2 : 0) + (a.lock() ? 4 : 0) + (a.deps() ? 8 : 0);
                return ((h * 31 + a.pc()) * 31 + a.hostAddr()) * 31 + a.guestAddr() + a.bytes();
            }
            case LABEL: {
                LabelView l = e.asLabel();
                text.setLength(0);
                l.appendStr(text);
                return (((l.hostAddr() * 31 + l.labelType()) * 31 + l.guestAddr()) * 31 + l.bytes()) * 31 + l.pc()
                        + text();
            }
            case FCALL: {
                FcallView f = e.asFcall();
                return (((f.tid() * 31 + f.pc()) * 31 + f.tag()) * 31 + f.depth()) * 31 + f.state();
            }
            case HOST: {
                HostView v = e.asHost();
                text.setLength(0);
                v.appendAccessStr(text);
                return ((v.hostType() * 31 + v.globalTs()) * 31 + v.mode()) * 31 + v.callCpu() + text();
            }
            case MACHINE: {
                MachineView m = e.asMachine();
                return (((m.numCpus() * 31L + m.numRam()) * 31 + m.quantum()) * 31 + m.sample()) * 31
                        + (m.locked() ? 1 : 0) + (m.calls() ? 2 : 0);
            }
            case LOCK: {
                LockView l = e.asLock();
                text.setLength(0);
                l.appendStr(text);
                return ((l.pc() * 31 + l.lock()) * 31 + l.op()) * 31 + l.read() + text();
            }
            case TASK: {
                TaskView k = e.asTask();
                text.setLength(0);
                k.appendStr(text);
                return (k.tid() * 31 + k.tgid()) * 31 + k.taskType() + text();
            }
            case SCHED:
                return e.asSched().tid();
            case SEGMENT:
                return ((e.asSegment().baseAddr() * 31 + e.asSegment().endAddr()) * 31 + e.asSegment().segmentCpu())
                        * 31 + e.asSegment().objectType();
            case CALL:
                return (e.asCall().targetPc() * 31 + e.asCall().returnPc()) * 31 + e.asCall().ret();
            case APPDATA:
                return e.asAppdata().appdataType() * 31L + e.asAppdata().u64();
            case ASCOPE:
                text.setLength(0);
                e.asAscope().appendName(text);
                return (e.asAscope().exit() ? 1 : 0) + text();
            case AVAR:
                text.setLength(0);
                e.asAvar().appendName(text);
                return (e.asAvar().write() ? 1 : 0) + text();
            case GC:
                text.setLength(0);
                e.asGc().appendName(text);
                return (e.asGc().base() * 31 + e.asGc().nbytes()) * 31 + (e.asGc().gc() ? 1 : 0) + text();
            case GCEPOCH:
                return e.asGcepoch().begin() ? 1 : 0;
            default:
                return 0;
        }
    }

    private long text() {
        long h = text.length();
        for (int i = 0; i < text.length(); i++) {
            h = h * 31 + text.charAt(i);
        }
        return h;
    }
}
