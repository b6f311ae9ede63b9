package org.mtrace.format.print;

import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;

/**
 * One method per entry kind and the single switch that picks it, shared by
 * the printers so each one only says how a kind looks. The switch is on the
 * {@link EntryType} enum (an array lookup), with access first.
 */
abstract class EntrySwitch {

    /** Calls the method for the entry's kind; false (nothing called) for an unknown type code. */
    protected final boolean dispatch(Entry e) {
        EntryType type = e.type();
        if (type == null) {
            return false;
        }
        switch (type) {
            case ACCESS -> access(e);
            case LABEL -> label(e);
            case HOST -> host(e);
            case FCALL -> fcall(e);
            case SEGMENT -> segment(e);
            case CALL -> call(e);
            case LOCK -> lock(e);
            case TASK -> task(e);
            case SCHED -> sched(e);
            case MACHINE -> machine(e);
            case APPDATA -> appdata(e);
            case ASCOPE -> ascope(e);
            case AVAR -> avar(e);
            case GC -> gc(e);
            case GCEPOCH -> gcepoch(e);
        }
        return true;
    }

    protected abstract void access(Entry e);

    protected abstract void label(Entry e);

    protected abstract void host(Entry e);

    protected abstract void fcall(Entry e);

    protected abstract void segment(Entry e);

    protected abstract void call(Entry e);

    protected abstract void lock(Entry e);

    protected abstract void task(Entry e);

    protected abstract void sched(Entry e);

    protected abstract void machine(Entry e);

    protected abstract void appdata(Entry e);

    protected abstract void ascope(Entry e);

    protected abstract void avar(Entry e);

    protected abstract void gc(Entry e);

    protected abstract void gcepoch(Entry e);
}
