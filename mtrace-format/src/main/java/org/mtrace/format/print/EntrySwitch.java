package org.mtrace.format.print;

import java.util.function.Consumer;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;

/**
 * One method per entry kind and the single dispatch that picks it, shared by
 * the printers so each one only says how a kind looks.
 *
 * <p>The dispatch is a call through a table indexed by the type code rather
 * than a {@code switch}. With a switch, C2 inlined all fifteen methods (and
 * every formatting loop in them) into the dispatch and then again into each
 * caller: compiling that one tree cost more CPU than m2text's formatting of
 * ten million entries (measured with {@code -XX:+LogCompilation}: 5.9 s of
 * compile time for dispatch, print and its caller). Through the table the
 * call site sees fifteen receivers, so it stays a virtual call (a few
 * nanoseconds) and each method is compiled once, on its own.
 */
abstract class EntrySwitch {
    private final Consumer<Entry>[] byCode;

    @SuppressWarnings("unchecked")
    protected EntrySwitch() {
        byCode = new Consumer[EntryType.CODE_LIMIT];
        byCode[EntryType.ACCESS.code()] = this::access;
        byCode[EntryType.LABEL.code()] = this::label;
        byCode[EntryType.HOST.code()] = this::host;
        byCode[EntryType.FCALL.code()] = this::fcall;
        byCode[EntryType.SEGMENT.code()] = this::segment;
        byCode[EntryType.CALL.code()] = this::call;
        byCode[EntryType.LOCK.code()] = this::lock;
        byCode[EntryType.TASK.code()] = this::task;
        byCode[EntryType.SCHED.code()] = this::sched;
        byCode[EntryType.MACHINE.code()] = this::machine;
        byCode[EntryType.APPDATA.code()] = this::appdata;
        byCode[EntryType.ASCOPE.code()] = this::ascope;
        byCode[EntryType.AVAR.code()] = this::avar;
        byCode[EntryType.GC.code()] = this::gc;
        byCode[EntryType.GCEPOCH.code()] = this::gcepoch;
    }

    /** Calls the method for the entry's kind; false (nothing called) for an unknown type code. */
    protected final boolean dispatch(Entry e) {
        int code = e.typeCode();
        Consumer<Entry> kind = code > 0 && code < EntryType.CODE_LIMIT ? byCode[code] : null;
        if (kind == null) {
            return false;
        }
        kind.accept(e);
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
