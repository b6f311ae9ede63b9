package org.mtrace.format;

/** View of an access (type 2): one guest memory access that passed the recording filter. Constants are byte offsets from the entry start. */
public final class AccessView extends TypedView {
    public static final int ACCESS_TYPE = 24;
    public static final int FLAGS = 28;
    public static final int TRAFFIC_BIT = 0;
    public static final int LOCK_BIT = 1;
    public static final int DEPS_BIT = 2;
    public static final int PC = 29;
    public static final int HOST_ADDR = 37;
    public static final int GUEST_ADDR = 45;
    public static final int BYTES = 53;

    AccessView(Entry e) {
        super(e);
    }

    public long accessType() {
        return e.u32(ACCESS_TYPE);
    }

    public int flags() {
        return e.u8(FLAGS);
    }

    public boolean traffic() {
        return e.bit(FLAGS, TRAFFIC_BIT);
    }

    public boolean lock() {
        return e.bit(FLAGS, LOCK_BIT);
    }

    public boolean deps() {
        return e.bit(FLAGS, DEPS_BIT);
    }

    public long pc() {
        return e.u64(PC);
    }

    public long hostAddr() {
        return e.u64(HOST_ADDR);
    }

    public long guestAddr() {
        return e.u64(GUEST_ADDR);
    }

    public int bytes() {
        return e.u8(BYTES);
    }
}
