package org.mtrace.format;

/**
 * A reusable view of the current log entry: header fields are read straight
 * from the reader's buffer, and {@code asX()} returns the typed view of the
 * entry's kind (one preallocated instance per kind, so no object is created
 * per entry). A view is valid only until the reader advances; call
 * {@link #toRecord()} for an immutable copy.
 */
public final class Entry {
    private byte[] buf;
    private int pos;
    private long streamOffset;
    private long index;

    private final LabelView label = new LabelView(this);
    private final AccessView access = new AccessView(this);
    private final HostView host = new HostView(this);
    private final FcallView fcall = new FcallView(this);
    private final SegmentView segment = new SegmentView(this);
    private final CallView call = new CallView(this);
    private final LockView lock = new LockView(this);
    private final TaskView task = new TaskView(this);
    private final SchedView sched = new SchedView(this);
    private final MachineView machine = new MachineView(this);
    private final AppdataView appdata = new AppdataView(this);
    private final AscopeView ascope = new AscopeView(this);
    private final AvarView avar = new AvarView(this);
    private final GcView gc = new GcView(this);
    private final GcepochView gcepoch = new GcepochView(this);

    /**
     * Points this view at the entry starting at {@code pos} in {@code buf}.
     * The caller guarantees that {@code buf} holds at least the type's layout
     * size from {@code pos} (zero-filled past a short entry's {@code size}).
     */
    public void bind(byte[] buf, int pos, long streamOffset, long index) {
        this.buf = buf;
        this.pos = pos;
        this.streamOffset = streamOffset;
        this.index = index;
    }

    /** The buffer holding this entry (shared, do not keep). */
    public byte[] buffer() {
        return buf;
    }

    /** Where this entry starts in {@link #buffer()}. */
    public int position() {
        return pos;
    }

    /** Byte offset of this entry in the decompressed stream. */
    public long streamOffset() {
        return streamOffset;
    }

    /** 0-based index of this entry in the log. */
    public long index() {
        return index;
    }

    /** The header's type code (may name no type only in lenient reading). */
    public int typeCode() {
        return (int) Bytes.u32(buf, pos);
    }

    /** The entry's kind, or {@code null} for an unknown code. */
    public EntryType type() {
        return EntryType.ofCode(Bytes.u32(buf, pos));
    }

    /** The header's size: the whole entry including the 24-byte header. */
    public int size() {
        return Bytes.u16(buf, pos + 4);
    }

    public int cpu() {
        return Bytes.u16(buf, pos + 6);
    }

    public long accessCount() {
        return Bytes.u64(buf, pos + 8);
    }

    public long ts() {
        return Bytes.u64(buf, pos + 16);
    }

    // Field readers used by the typed views; offsets are from the entry start.
    int u8(int off) {
        return Bytes.u8(buf, pos + off);
    }

    int u16(int off) {
        return Bytes.u16(buf, pos + off);
    }

    long u32(int off) {
        return Bytes.u32(buf, pos + off);
    }

    int i32(int off) {
        return Bytes.i32(buf, pos + off);
    }

    long u64(int off) {
        return Bytes.u64(buf, pos + off);
    }

    boolean bit(int off, int bit) {
        return ((buf[pos + off] >> bit) & 1) != 0;
    }

    String string(int off) {
        return Bytes.string(buf, pos + off);
    }

    String string(int off, StringInterner names) {
        return names.intern(buf, pos + off);
    }

    /** Appends the {@code char[64]} string at {@code off} without creating a String. */
    void appendString(int off, StringBuilder out) {
        int n = Bytes.stringLength(buf, pos + off);
        for (int i = 0; i < n; i++) {
            out.append((char) (buf[pos + off + i] & 0xff));
        }
    }

    private void expect(EntryType t) {
        if (Bytes.u32(buf, pos) != t.code()) {
            throw new IllegalStateException("entry " + index + " is a " + describeType() + ", not a " + t.spelling());
        }
    }

    private String describeType() {
        EntryType t = type();
        return t == null ? "type " + typeCode() : t.spelling();
    }

    public LabelView asLabel() { expect(EntryType.LABEL); return label; }
    public AccessView asAccess() { expect(EntryType.ACCESS); return access; }
    public HostView asHost() { expect(EntryType.HOST); return host; }
    public FcallView asFcall() { expect(EntryType.FCALL); return fcall; }
    public SegmentView asSegment() { expect(EntryType.SEGMENT); return segment; }
    public CallView asCall() { expect(EntryType.CALL); return call; }
    public LockView asLock() { expect(EntryType.LOCK); return lock; }
    public TaskView asTask() { expect(EntryType.TASK); return task; }
    public SchedView asSched() { expect(EntryType.SCHED); return sched; }
    public MachineView asMachine() { expect(EntryType.MACHINE); return machine; }
    public AppdataView asAppdata() { expect(EntryType.APPDATA); return appdata; }
    public AscopeView asAscope() { expect(EntryType.ASCOPE); return ascope; }
    public AvarView asAvar() { expect(EntryType.AVAR); return avar; }
    public GcView asGc() { expect(EntryType.GC); return gc; }
    public GcepochView asGcepoch() { expect(EntryType.GCEPOCH); return gcepoch; }

    /** An immutable copy of this entry. */
    public org.mtrace.format.record.EntryRecord toRecord() {
        return org.mtrace.format.record.EntryRecord.decode(this);
    }
}
