package org.mtrace.format.record;

import org.mtrace.format.Bytes;
import org.mtrace.format.Entry;
import org.mtrace.format.EntryType;
import org.mtrace.format.TaskView;

/** Immutable task entry; numeric fields keep the logged value even where the format defines no name for it. */
public record TaskRecord(Header header, long tid, long tgid, long taskType, String str) implements EntryRecord {

    static TaskRecord decode(Entry entry) {
        TaskView v = entry.asTask();
        return new TaskRecord(Header.of(entry), v.tid(), v.tgid(), v.taskType(), v.str());
    }

    @Override
    public EntryType type() {
        return EntryType.TASK;
    }

    @Override
    public void encodeBody(byte[] b, int p) {
        Bytes.put64(b, p + TaskView.TID, tid);
        Bytes.put64(b, p + TaskView.TGID, tgid);
        Bytes.put32(b, p + TaskView.TASK_TYPE, taskType);
        Bytes.putString(b, p + TaskView.STR, str, true);
    }
}
