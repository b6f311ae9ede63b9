#!/usr/bin/env python3
"""Differential test: run the ORIGINAL C++ mscan and our bin/mscan on the same logs with the
same original-style option, and compare the JSON values.

The original is not part of this project: build it yourself from its public source and pass
the binary with --original. Versions of the original that have no --kernel option read the
kernel image as ./mscan.kern and static symbols from ./mscan.syms (`nm -S -p` output); this
script prepares such a directory for it (--kernel is given to ours as --kernel=ELF).

Before comparing, the documented deliberate differences (docs/mscan.md, "Differences from the
original") and one difference of older versions are neutralised:
  * a " (0x<pc>)" suffix on descriptions (older versions of the original only);
  * the "address" of unlabelled shared-addresses rows (the original printed an uninitialised base);
  * static and per-CPU labels: "var+0x<off>" there, described from the DWARF type here;
  * union members of array type keep their last element here ("|member[N]" alternatives);
  * unexpected-sharing's stacks start with the frames of the access's own PC here, as the spec's
    short form does (older versions' asharing.hh left them out).
Everything else is reported as a difference.

Usage: scripts/compare-with-original.py --original ORIG --kernel ELF [--option OPT]... LOG...
Exit status: 0 all equal, 1 a difference (or a run that failed on one side only), 2 usage.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPTIONS = ["--summary", "--distinct-sys", "--distinct-ops", "--false-sharing", "--syscall-accesses",
           "--syscall-accesses-pc", "--shared-addresses", "--abstract-scopes", "--check-testcases",
           "--all-sharing", "--cache-assoc", "--sbw0", "--check-gc", "--serial-length"]
PC_SUFFIX = re.compile(r" \(0x[0-9a-f]+\)$")
STATIC_LABEL = re.compile(r"^([A-Za-z_.$][A-Za-z_0-9.$]*)\+0x[0-9a-f]+$")
ARRAY_ALTERNATIVE = re.compile(r"\|[A-Za-z_][A-Za-z_0-9]*\[\d+\](\+0x[0-9a-f]+)?")
# A stack key and the keys of the PC whose frames the short form puts first.
STACK_PC = {"stack": ("pc", "pc1"), "stack1": ("pc1",), "stack2": ("pc2",)}


def load(path):
    """The original writes strings unescaped: read bytes as Latin-1 and allow control characters."""
    with open(path, "rb") as f:
        raw = f.read().decode("latin-1")
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        return None


def neutralise(orig, ours):
    """Rewrites both documents in place where they differ only by a documented difference."""
    if isinstance(orig, dict) and isinstance(ours, dict):
        for key in orig:
            if key not in ours:
                continue
            o, j = orig[key], ours[key]
            if isinstance(o, str):
                o = orig[key] = PC_SUFFIX.sub("", o)
            if key in STACK_PC and isinstance(o, list) and isinstance(j, list) and len(j) > len(o):
                o = orig[key] = [PC_SUFFIX.sub("", x) if isinstance(x, str) else x for x in o]
                pcs = [PC_SUFFIX.sub("", orig[k]) for k in STACK_PC[key] if isinstance(orig.get(k), str)]
                if j[len(j) - len(o):] == o and j[0] in pcs:
                    ours[key] = o  # the access's own frames, left out by older versions
                    continue
            if isinstance(o, str) and isinstance(j, str) and o != j and key in ("addr", "addr2", "address"):
                if key == "address" and orig.get("name") == "" and ours.get("name") == "":
                    ours[key] = o  # uninitialised base in the original
                    continue
                m = STATIC_LABEL.match(o)
                if m and j.startswith(m.group(1)) and not j.startswith(m.group(1) + "+"):
                    ours[key] = o  # static label described from its DWARF type here
                    continue
                if ARRAY_ALTERNATIVE.sub("", j) == o:
                    ours[key] = o  # union array member's last element kept here
                    continue
            neutralise(o, j)
    elif isinstance(orig, list) and isinstance(ours, list):
        for i in range(min(len(orig), len(ours))):
            if isinstance(orig[i], str):
                orig[i] = PC_SUFFIX.sub("", orig[i])
            neutralise(orig[i], ours[i])


def first_differences(a, b, path="", out=None, limit=5):
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if type(a) is not type(b):
        out.append((path, a, b))
    elif isinstance(a, dict):
        if list(a) != list(b):
            out.append((path + " (keys)", list(a), list(b)))
        for k in a:
            if k in b:
                first_differences(a[k], b[k], path + "/" + k, out, limit)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append((path + " (length)", len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            first_differences(x, y, "%s[%d]" % (path, i), out, limit)
    elif a != b:
        out.append((path, a, b))
    return out


def run(cmd, cwd, output):
    with open(output, "wb") as f:
        return subprocess.run(cmd, cwd=cwd, stdout=f, stderr=subprocess.DEVNULL, timeout=3600).returncode


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--original", required=True, help="the original mscan binary")
    p.add_argument("--kernel", required=True, help="kernel ELF image for both programs")
    p.add_argument("--original-takes-kernel", action="store_true",
                   help="pass --kernel=ELF to the original too (newer versions) instead of ./mscan.kern")
    p.add_argument("--option", action="append", dest="options",
                   help="original-style option to compare (repeatable; default: every analysis but "
                        "--unexpected-sharing, whose output is quadratic, and --stack-trace-pc)")
    p.add_argument("logs", nargs="+", metavar="LOG")
    args = p.parse_args()
    for path in [args.original, args.kernel] + args.logs:
        if not os.path.exists(path):
            print("compare-with-original: no such file: " + path, file=sys.stderr)
            return 2
    options = args.options or OPTIONS
    equal = differing = 0
    with tempfile.TemporaryDirectory(prefix="mscan-compare-") as work:
        os.symlink(os.path.abspath(args.kernel), os.path.join(work, "mscan.kern"))
        with open(os.path.join(work, "mscan.syms"), "w") as syms:
            subprocess.run(["nm", "-S", "-p", args.kernel], stdout=syms, check=True)
        for log in args.logs:
            log = os.path.abspath(log)
            for option in options:
                orig_cmd = [os.path.abspath(args.original), "--mtrace-log-file=" + log, option]
                if args.original_takes_kernel:
                    orig_cmd.insert(1, "--kernel=" + os.path.abspath(args.kernel))
                ours_cmd = [os.path.join(ROOT, "bin", "mscan"), "--quiet", "--kernel=" + os.path.abspath(args.kernel),
                            "--mtrace-log-file=" + log, option]
                o_json, j_json = os.path.join(work, "o.json"), os.path.join(work, "j.json")
                o_rc, j_rc = run(orig_cmd, work, o_json), run(ours_cmd, work, j_json)
                name = "%s %s" % (os.path.basename(log), option)
                # ours exits 1 when an analysis found nothing because the log lacks what it needs
                # (all-sharing on a movement log): the document is the original's, so compare it
                j_failed = j_rc not in (0, 1)
                if o_rc != 0 or j_failed:
                    # a fatal condition: the original aborts, ours drops that key and exits 2
                    same = (o_rc != 0) == j_failed
                    print("%s: %s (original exit %d, ours %d)" % (name, "both failed" if same else "DIFFERENT", o_rc, j_rc))
                    equal += same
                    differing += not same
                    continue
                orig, ours = load(o_json), load(j_json)
                if orig is None or ours is None:
                    print("%s: DIFFERENT (unreadable JSON from the %s)" % (name, "original" if orig is None else "ours"))
                    differing += 1
                    continue
                neutralise(orig, ours)
                if orig == ours:
                    print("%s: equal" % name)
                    equal += 1
                    continue
                differing += 1
                print("%s: DIFFERENT" % name)
                for path, a, b in first_differences(orig, ours):
                    print("    %s\n      original: %s\n      ours:     %s" % (path or "/", json.dumps(a)[:300], json.dumps(b)[:300]))
    print("%d equal, %d different" % (equal, differing))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
