#!/usr/bin/env python3
"""shared-addresses-coverage.py JSON: the attribution coverage of a `bin/mscan shared-addresses`
document, computed from its rows alone (nothing of mscan's classification is trusted), to check the
`attribution` analysis and to measure outputs of builds that do not have it.

Each row weighs its "count". Kernel rows (user rows: unlabelled addresses below
0x0000800000000000) are classified by their "address" text:
  typed-object      "(*(type)0x...)..." (heap object or struct page)
  typed-variable    a labelled row whose text is not "<name>+0x<hex>" (var.field, var[cpu N].field)
  name+offset       "<name>+0x<hex>"
  stack frame       "..., frame of FUNC" (with variable: "..., frame of FUNC: var.path")
  unlabelled        name "" ("+0x<address>", with or without a "(region)" suffix), split by region
"""
import collections
import json
import re
import sys

REGIONS = [  # x86-64 4-level layout, default bases (Documentation/arch/x86/x86_64/mm.rst)
    (0xffff888000000000, 0xffffc88000000000, "direct map"),
    (0xffffc90000000000, 0xffffe90000000000, "vmalloc area"),
    (0xffffea0000000000, 0xffffeb0000000000, "vmemmap"),
    (0xfffffe0000000000, 0xfffffe8000000000, "CPU entry area"),
    (0xffffffff80000000, 0x10000000000000000, "kernel image, modules, fixmap"),
]


def region(addr):
    for lo, hi, name in REGIONS:
        if lo <= addr < hi:
            return name
    return "unknown"


def main(path):
    rows = json.load(open(path))["shared-addresses"]
    forms, regions = collections.Counter(), collections.Counter()
    user = 0
    for r in rows:
        name, text, n = r["name"], r["address"], r["count"]
        if ", frame of " in text:  # a kernel stack row placed in a function's frame (labelled or not)
            frame = text[text.index(", frame of "):]
            forms["stack frame" + (" with variable" if ": " in frame else "")] += n
        elif name == "":
            addr = int(re.match(r"\+0x([0-9a-f]+)", text).group(1), 16)
            if addr < 0x0000800000000000:
                user += n
                continue
            forms["unlabelled"] += n
            regions[region(addr)] += n
        elif text.startswith("(*("):
            forms["typed-object " + ("struct page" if text.startswith("(*(page)") else "heap")] += n
        elif re.fullmatch(re.escape(name) + r"\+0x[0-9a-f]+", text):
            forms["name+offset"] += n
        else:
            forms["typed-variable" + (" per-CPU" if "[cpu " in text else "")] += n
    total = sum(forms.values())
    print("kernel accesses %d, user accesses %d" % (total, user))
    for form, n in forms.most_common():
        print("  %-28s %10d %6.1f %%" % (form, n, 100.0 * n / max(total, 1)))
    print("  unlabelled by region:")
    for name, n in regions.most_common():
        print("    %-26s %10d %6.1f %%" % (name, n, 100.0 * n / max(total, 1)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: shared-addresses-coverage.py SHARED_ADDRESSES_JSON")
    main(sys.argv[1])
