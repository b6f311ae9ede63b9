#!/usr/bin/env python3
"""mosbench-summary.py [--match=REGEX] JSON [TOP]: the tables of docs/mosbench.md from one bin/mscan document.

JSON is the output of
    bin/mscan --kernel=VMLINUX [summary false-sharing distinct-sys] shared-addresses all-sharing-movement attribution LOG
(the analyses in brackets are optional: their tables are printed when present)
Prints Markdown (TOP rows each, default 10):
  * the attribution figures (how much kernel traffic is named, how much of it is shared);
  * shared kernel objects by struct field: shared-addresses rows touched by two or more CPUs,
    grouped by their description with the instance address and CPU number taken out
    ("(*(mm_struct)0xffff...).mmap_lock.count.counter" -> "mm_struct.mmap_lock.count.counter",
    "call_single_queue[cpu 2].first" -> "call_single_queue[cpu *].first"), with the busiest PC;
  * the cache lines that moved most (all-sharing-movement: transfers into a CPU's cache for
    reading plus exclusive takes, summed over CPUs), with the first logged access on each line;
  * the kernel entry points that touch the most distinct lines (distinct-sys), if present;
  * the number of false-sharing PCs, if present;
  * the busiest user processes.
With --match=REGEX only the shared kernel fields table is printed, of the fields matching REGEX
(e.g. --match='dentry|inode|file\\.' for the file system's objects).
Exit 2 when the document lacks one of the three analyses.
"""
import json
import re
import sys
from collections import defaultdict

INSTANCE = re.compile(r"\(\*\((?P<type>[^)]*)\)0x[0-9a-f]+\)")
CPU = re.compile(r"\[cpu \d+\]")
RAW = re.compile(r"0x[0-9a-f]{8,}")
# lines whose traffic the timer tick and the clock make, at a rate set by guest time rather than by work
CLOCK = re.compile(r"hpet|tk_core|jiffies|hrtimer_bases|timekeeping|tick_|rcu_state|rcu_data")


def field_of(description):
    """A shared-addresses description without its instance: the struct field it names."""
    s = INSTANCE.sub(lambda m: m.group("type"), description)
    s = CPU.sub("[cpu *]", s)
    return RAW.sub("ADDR", s)


def cpus_touching(counts):
    return sum(1 for c in counts if c)


def print_fields(doc, top, match):
    """shared-addresses rows touched by two or more CPUs, grouped by field (those matching MATCH)."""
    fields = defaultdict(lambda: [0, 0, defaultdict(int)])   # field -> [count, instances, pc -> count]
    for row in doc["shared-addresses"]:
        if cpus_touching(row["count-per-cpu"]) < 2:
            continue
        if row["address"].endswith("(user space)") or (match and not match.search(field_of(row["address"]))):
            continue   # the processes' own data (threads of one process): not a kernel field
        g = fields[field_of(row["address"])]
        g[0] += row["count"]
        g[1] += 1
        for p in row["count-per-pc"]:
            g[2][p["info"]] += p["count"]
    print(f"Top {top} shared kernel fields (accesses by two or more CPUs, grouped over instances)"
          + (f" matching {match.pattern}" if match else "") + ":")
    print()
    print("| field | accesses | instances | busiest code |")
    print("|---|---|---|---|")
    for name, (count, inst, pcs) in sorted(fields.items(), key=lambda kv: -kv[1][0])[:top]:
        pc = max(pcs.items(), key=lambda kv: kv[1])[0] if pcs else ""
        if len(name) > 90:   # a union of struct page's fields: keep the start
            name = name[:87] + "..."
        print(f"| `{name}` | {count} | {inst} | {pc} |")
    print()


def main(argv):
    match = None
    if len(argv) > 1 and argv[1].startswith("--match="):
        match = re.compile(argv[1][len("--match="):])
        argv = argv[:1] + argv[2:]
    if len(argv) not in (2, 3) or (len(argv) == 3 and not argv[2].isdigit()):
        print("usage: mosbench-summary.py [--match=REGEX] JSON [TOP]", file=sys.stderr)
        return 2
    top = int(argv[2]) if len(argv) == 3 else 10
    try:
        with open(argv[1]) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"mosbench-summary: cannot read {argv[1]}: {e}", file=sys.stderr)
        return 2
    for key in ("shared-addresses", "shared_cachelines_movement", "attribution"):
        if key not in doc:
            print(f"mosbench-summary: {argv[1]} has no '{key}' (run shared-addresses all-sharing-movement attribution)",
                  file=sys.stderr)
            return 2

    if match:
        print_fields(doc, top, match)
        return 0
    attr = doc["attribution"]
    k, ks = attr["kernel-accesses"], attr["kernel-accesses-shared"]
    print(f"Kernel accesses (all logged, shared-addresses rows): {k}, at addresses two or more CPUs touched: {ks}"
          f" ({100.0 * ks / k if k else 0:.1f} %); user accesses: {attr['user'].get('accesses', '?')}")
    print()
    print("| description form | share of kernel accesses | share of shared ones |")
    print("|---|---|---|")
    for form in attr["forms"]:
        print(f"| {form['form']} | {100 * form['share']:.1f} % | {100 * form['shared-share']:.1f} % |")
    print()

    print_fields(doc, top, None)
    lines = doc["shared_cachelines_movement"]
    lines.sort(key=lambda r: -(sum(r["cpureads"]) + sum(r["cpuwrites"])))
    total = sum(sum(r["cpureads"]) + sum(r["cpuwrites"]) for r in lines)
    clock = sum(sum(r["cpureads"]) + sum(r["cpuwrites"]) for r in lines
                if any(CLOCK.search(a["addr"] + " " + a["pc"]) for a in r["accesses"]))
    print(f"Cache-line transfers: {total} on {len(lines)} lines; {100.0 * clock / total if total else 0:.1f} % of them on"
          " timekeeping, timer-tick and RCU lines (their rate follows the guest's clock, not the work: see docs/mosbench.md)")
    print()
    print(f"Top {top} moving cache lines (all-sharing-movement; transfers = reads after another CPU's write + exclusive takes):")
    print()
    print("| first access on the line | transfers | per CPU (reads/writes) | code |")
    print("|---|---|---|---|")
    for r in lines[:top]:
        a = r["accesses"][0]
        per = " ".join(f"{rd}/{wr}" for rd, wr in zip(r["cpureads"], r["cpuwrites"]))
        print(f"| `{a['addr']}` | {sum(r['cpureads']) + sum(r['cpuwrites'])} | {per} | {a['pc']} |")
    print()
    entries = doc.get("distinct-per-entry")
    if entries:
        print(f"Top {top} kernel entry points by distinct cache lines (distinct-sys):")
        print()
        print("| entry | calls | distinct lines | per call |")
        print("|---|---|---|---|")
        for e in sorted((e for e in entries if e["entry"] != "0x0"), key=lambda e: -e["distinct"])[:top]:
            print(f"| {e['entry']} | {e['calls']} | {e['distinct']} | {e['ave']:.1f} |")
        print()
    if "false-sharing" in doc:
        fs = doc["false-sharing"]
        names = [i["name"] for r in fs for i in r["instances"]]
        print(f"false-sharing: {len(fs)} PCs touching lines that hold several objects"
              + (f" (e.g. {', '.join(sorted(set(names))[:6])})" if names else ""))
        print()
    procs = attr["user"].get("processes") or []
    if procs:
        print("Busiest user processes: " + ", ".join(f"{p.get('comm', '?')} ({p.get('count', '?')})" for p in procs[:5]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
