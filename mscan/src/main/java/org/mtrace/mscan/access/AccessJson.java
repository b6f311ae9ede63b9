package org.mtrace.mscan.access;

import org.mtrace.mscan.calls.StackSnapshot;
import org.mtrace.mscan.json.JsonWriter;
import org.mtrace.mscan.kernel.Attribution;

/** JSON forms of access records and call stacks (MSCAN.md §5.1, §6). */
public final class AccessJson {
    private final Attribution attribution;

    public AccessJson(Attribution attribution) {
        this.attribution = attribution;
    }

    /** {@code json(rec)}: writes one object (the writer must be positioned for a value). */
    public void write(JsonWriter out, PhysicalAccess rec) {
        write(out, rec, null);
    }

    /**
     * {@code json(rec, other)}. {@code "addr2"} is present when both records are labelled, with
     * different names. Documented fix: it describes {@code other}'s address (the original repeated
     * {@code rec}'s, MSCAN.md §6 bug).
     */
    public void write(JsonWriter out, PhysicalAccess rec, PhysicalAccess other) {
        writeOpen(out, rec, other);
        out.endObject();
    }

    /** Like {@link #write(JsonWriter, PhysicalAccess, PhysicalAccess)} but leaves the object open for extra keys. */
    public void writeOpen(JsonWriter out, PhysicalAccess rec, PhysicalAccess other) {
        out.beginObject();
        out.key("addr").string(address(rec));
        // only for a labelled record (the original tests this inside its "labelled" branch)
        if (other != null && !rec.typeName().isEmpty() && !other.typeName().isEmpty()
                && !other.typeName().equals(rec.typeName())) {
            out.key("addr2").string(address(other));
        }
        out.key("rawaddr").hex(rec.address());
        if (other != null && other.pc() != rec.pc()) {
            out.key("pc1").string(attribution.describe(rec.pc()));
            out.key("pc2").string(attribution.describe(other.pc()));
        } else {
            out.key("pc").string(attribution.describe(rec.pc()));
        }
        out.key("size").value(rec.size());
        if (other != null) {
            if (rec.stack() != null && other.stack() != null) {
                if (rec.stack().equals(other.stack())) {
                    out.key("stack");
                    shortStack(out, rec.stack(), rec.pc());
                } else {
                    out.key("stack1");
                    shortStack(out, rec.stack(), rec.pc());
                    out.key("stack2");
                    shortStack(out, other.stack(), other.pc());
                }
            }
        } else if (rec.stack() != null) {
            out.key("stack");
            shortStack(out, rec.stack(), rec.pc());
        }
    }

    /** {@code "addr"}: resolve(type, base, address − base, pc) if labelled, else the hex address. */
    public String address(PhysicalAccess rec) {
        return rec.typeName().isEmpty() ? "0x" + Long.toHexString(rec.address())
                : attribution.resolve(rec.typeName(), rec.base(), rec.address() - rec.base(), rec.pc());
    }

    /** Short form: inline frames of {@code curPc}, then of each frame's {@code return_pc − 1}. */
    public void shortStack(JsonWriter out, StackSnapshot stack, long curPc) {
        out.beginArray();
        for (String s : attribution.describeAll(curPc)) {
            out.string(s);
        }
        for (int i = 0; i < stack.depth(); i++) {
            for (String s : attribution.describeAll(stack.returnPc(i) - 1)) {
                out.string(s);
            }
        }
        out.endArray();
    }

    /** Long form (stack-trace-pc): one object per frame, newest first. */
    public void longStack(JsonWriter out, StackSnapshot stack) {
        out.beginArray();
        for (int i = 0; i < stack.depth(); i++) {
            out.beginObject();
            out.key("type").string("call"); // frames only come from call entries with ret = 0
            out.key("target-pc").hex(stack.targetPc(i));
            out.key("target-info").string(attribution.describe(stack.targetPc(i)));
            out.key("return-pc").hex(stack.returnPc(i));
            out.key("return-info").string(attribution.describe(stack.returnPc(i)));
            out.endObject();
        }
        out.endArray();
    }
}
