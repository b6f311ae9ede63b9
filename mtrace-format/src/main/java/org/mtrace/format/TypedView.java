package org.mtrace.format;

/** Base of the per-kind views: header getters delegate to the shared {@link Entry}. */
public abstract class TypedView {
    protected final Entry e;

    TypedView(Entry e) {
        this.e = e;
    }

    /** The underlying entry (header fields, offset, index). */
    public Entry entry() {
        return e;
    }

    public int cpu() {
        return e.cpu();
    }

    public long accessCount() {
        return e.accessCount();
    }

    public long ts() {
        return e.ts();
    }
}
