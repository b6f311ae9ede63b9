package org.mtrace.mscan.report.html;

/** Builds a large but valid report document (schema version 1) of a chosen shape, for size tests. */
final class LargeDocument {
    private LargeDocument() {}

    static String build(int top, int cpus, int offsets, int sites, int buckets) {
        StringBuilder b = new StringBuilder(1 << 22);
        b.append("{\"schema\":\"mtrace-report\",\"version\":1,\"tool\":\"mscan report test\",")
         .append("\"input\":{\"log\":\"big.mtrace.gz\",\"kernel\":\"vmlinux\",\"line_size\":64},\"missing\":[],")
         .append("\"filters\":{\"sort\":\"transfers\",\"top\":").append(top)
         .append(",\"struct\":null,\"function\":null,\"cpus\":null,\"scope\":\"all\"},")
         .append("\"summary\":{\"entries\":31000000,\"accesses\":30000000,\"cpus\":").append(cpus)
         .append(",\"modes\":[\"movement\"],\"window\":{\"first_entry\":0,\"last_entry\":30999999},")
         .append("\"lines\":4000000,\"shared_lines\":900000,\"transfers\":12000000,\"kernel_transfers\":11000000,")
         .append("\"user_transfers\":1000000,\"typed_share\":0.61},\"lines\":[");
        for (int l = 0; l < top; l++) {
            b.append(l == 0 ? "" : ",").append("{\"rank\":").append(l + 1)
             .append(",\"address\":\"0xffff8880").append(String.format("%08x", l * 64)).append("\",\"space\":\"kernel\",\"what\":[");
            for (int w = 0; w < 8; w++) {
                b.append(w == 0 ? "" : ",").append("{\"offset\":").append(w * 8)
                 .append(",\"size\":8,\"form\":\"typed\",\"type\":\"task_struct\",\"field\":\"field_").append(w)
                 .append("\",\"text\":\"(*(task_struct)0xffff888012345600).field_").append(w).append("\"}");
            }
            b.append("],\"transfers\":100000,\"reads\":60000,\"writes\":40000,\"reader_cpus\":").append(cpus)
             .append(",\"writer_cpus\":").append(cpus).append(",\"verdict\":\"true\",\"cpus\":[");
            for (int c = 0; c < cpus; c++) {
                b.append(c == 0 ? "" : ",").append("{\"cpu\":").append(c)
                 .append(",\"transfers\":1500,\"reads\":900,\"writes\":600,\"read_mask\":\"0xffffffffffffffff\",\"write_mask\":\"0x00000000ffffffff\"}");
            }
            b.append("],\"offsets\":[");
            for (int o = 0; o < offsets; o++) {
                b.append(o == 0 ? "" : ",").append("{\"offset\":").append(o).append(",\"size\":1,\"field\":\"field_")
                 .append(o / 8).append("\",\"transfers\":1500,\"reads\":900,\"writes\":600,\"cpus\":[");
                for (int c = 0; c < cpus; c++) {
                    b.append(c == 0 ? "" : ",").append(c);
                }
                b.append("],\"sites\":[");
                for (int s = 0; s < sites; s++) {
                    b.append(s == 0 ? "" : ",").append("{\"pc\":\"0xffffffff8").append(String.format("%07x", s * 16 + o))
                     .append("\",\"function\":\"some_kernel_function_").append(s).append("\",\"source\":\"kernel/sched/core.c:")
                     .append(1000 + s).append("\",\"inlined\":[\"raw_spin_lock at include/linux/spinlock.h:351\",")
                     .append("\"do_raw_spin_lock at include/linux/spinlock.h:186\",\"arch_spin_lock at include/asm-generic/qspinlock.h:111\",")
                     .append("\"atomic_try_cmpxchg_acquire at include/linux/atomic/atomic-instrumented.h:541\"],\"transfers\":90}");
                }
                b.append("],\"syscalls\":[");
                for (int s = 0; s < 8; s++) {
                    b.append(s == 0 ? "" : ",").append("{\"syscall\":\"syscall_").append(s).append("\",\"transfers\":180}");
                }
                b.append("]}");
            }
            b.append("]}");
        }
        b.append("],\"types\":[");
        for (int t = 0; t < top; t++) {
            b.append(t == 0 ? "" : ",").append("{\"type\":\"type_").append(t)
             .append("\",\"size\":6400,\"transfers\":50000,\"true_transfers\":30000,\"false_transfers\":20000,\"lines\":100,\"objects\":1000,\"fields\":[");
            for (int f = 0; f < 200; f++) {
                b.append(f == 0 ? "" : ",").append("{\"field\":\"member_").append(f).append(".sub\",\"offset\":").append(f * 16)
                 .append(",\"size\":8,\"transfers\":250,\"true_transfers\":150,\"false_transfers\":100}");
            }
            b.append("],\"layout\":[");
            for (int m = 0; m < 400; m++) {
                b.append(m == 0 ? "" : ",").append("{\"offset\":").append(m * 16).append(",\"size\":16,\"name\":\"member_").append(m)
                 .append("\",\"type\":\"struct list_head\",\"transfers\":250,\"line_start\":").append(m % 4 == 0).append('}');
            }
            b.append("]}");
        }
        b.append("],\"functions\":[");
        for (int f = 0; f < top; f++) {
            b.append(f == 0 ? "" : ",").append("{\"function\":\"some_kernel_function_").append(f)
             .append("\",\"source\":\"kernel/sched/core.c\",\"transfers\":40000,\"lines\":300}");
        }
        b.append("],\"symbols\":[");
        for (int f = 0; f < top; f++) {
            b.append(f == 0 ? "" : ",").append("{\"symbol\":\"some_out_of_line_function_").append(f)
             .append("\",\"source\":\"kernel/sched/core.c\",\"transfers\":40000,\"lines\":300}");
        }
        b.append("],\"syscalls\":[");
        for (int s = 0; s < top; s++) {
            b.append(s == 0 ? "" : ",").append("{\"syscall\":\"syscall_").append(s).append("\",\"transfers\":40000,\"lines\":300}");
        }
        b.append("],\"timeline\":{\"bucket_entries\":").append(31_000_000 / buckets).append(",\"cpus\":[");
        for (int c = 0; c < cpus; c++) {
            b.append(c == 0 ? "[" : ",[");
            for (int k = 0; k < buckets; k++) {
                b.append(k == 0 ? "" : ",").append(1000 + (k * 37 + c * 11) % 9000);
            }
            b.append(']');
        }
        b.append("]},\"heatmap\":{\"lines\":[");
        for (int l = 0; l < top; l++) {
            b.append(l == 0 ? "" : ",").append("\"0xffff8880").append(String.format("%08x", l * 64)).append('"');
        }
        b.append("],\"cpus\":[");
        for (int c = 0; c < cpus; c++) {
            b.append(c == 0 ? "" : ",").append(c);
        }
        b.append("],\"transfers\":[");
        for (int l = 0; l < top; l++) {
            b.append(l == 0 ? "[" : ",[");
            for (int c = 0; c < cpus; c++) {
                b.append(c == 0 ? "" : ",").append(1500);
            }
            b.append(']');
        }
        return b.append("]}}").toString();
    }
}
