#!/usr/bin/env python3
"""Independent check of `bin/mscan report --json`: recount the transfers from `bin/m2text` text.

usage: scripts/check-report.py [--top=N] LOG REPORT.json [VMLINUX]

Reads the log only through bin/m2text's text lines (never through the Java report code) and
applies the transfer model of docs/report.md itself:
  * an access counts while the record mode is not `disable`;
  * the recorder's movement filter on physical lines (the `host` address): a load transfers
    unless the CPU holds the line, a store (st, iw) unless the CPU holds it alone; an access
    that straddles two lines is applied to both; entering movement mode puts every line in
    every CPU's cache;
  * each line that moved counts one transfer in the guest line it corresponds to (the line of
    the access's first byte, or of its last byte for the second line of a straddling access),
    with the byte mask of the bytes the access touches inside that line;
  * an access that moved no line (a log recorded with every access has mostly these) counts
    nothing, but its bytes join the CPU's masks of its line(s) if the CPU had a transfer of the
    line before (the part of a straddling access in the line it did not move counts nothing).
Then compares with the report (a user-space PC's row of the code profile: the name of the program that
ran it, by the task and sched lines, or "several programs"), summary (transfers, kernel/user split, lines, shared lines, the
transfers on tasks' stacks (block labels "stack of TID (comm)") by whether the CPU ran that thread,
as its last sched entry said, another, another after a task line said the thread exited (and none
started it again), or none yet), the
ranked lines (address, transfers, reads, writes, reader/writer CPU counts, per-CPU counts) and
the true/false verdict of every listed line and of each of its offsets (the same test on the
offset's bytes), recomputed from the byte masks; and every listed type
that heap labels name (label type 1, a slab cache named after its struct): at least the transfers
to the objects so labelled and at least as many objects, an object being a (start address,
allocation site) pair (kmalloc objects whose type is inferred add to both), counting what the type
says went elsewhere ("labelled_elsewhere": a merged slab cache's objects of another type), which
must lie between what the listed types took from the label and the label's own count; and no more
transfers typed by inference from objects of a label name (a type's "labels") than the objects so
labelled had; and the type `page`, when listed, exactly the transfers to the vmemmap region (the
struct page array of x86-64's memory map, nokaslr). With VMLINUX, also the transfers of each listed out-of-line function ("symbols") against the
code symbol (readelf -sW: the FUNC symbol holding the PC, else the nearest FUNC or NOTYPE symbol at or
below it in its executable section; names without their .cold/.isra suffix) of each transfer's PC, and
every "what" entry of a listed line that names a static variable against the symbol table: the
address must lie inside that symbol; the ranked innermost functions (transfers, lines: addr2line's
innermost function of each transfer's PC, inlined code included); and the ranked system calls (transfers, lines): the entry pc of
the fcall stack each transfer's CPU runs (started or resumed last), named by addr2line's innermost
function less the system-call prefix, and the transfers in no stack by user and by kernel code; and
on a log with call entries (mtrace-record --calls) each listed code site's and each listed function's
call stacks (return addresses and transfers, the top 3 by transfers, ties by the frames), followed
from the fcall, call and ret lines (MSCAN.md 5.1: one stack per fcall tag, frames pushed and popped
inside it); a function's are those of every transfer its PCs made, named as above.
The report's filters (--cpu, --syscall, --exclude-syscall, --kernel-only/--user-only, --line-size,
--sort) are honoured (the system-call filters need VMLINUX: each stack's entry pc is named as
above); --struct and --function are not (the script checks such reports' summaries only).
Exit 0 when everything agrees, 1 with one line per disagreement, 2 on bad usage.
"""
import bisect
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCESS = re.compile(r'^(ld|st|iw)\s+\[(\d+)\s+\d+ pc ([0-9a-f]+)\s+host ([0-9a-f]+)\s+guest ([0-9a-f]+)\s+(\d+)b')
HOST = re.compile(r'^E\s+\[\d+\s+access_all_cpu\s+mode (\S+)')
LABEL = re.compile(r'^T\s+\[(\d+)\s+(.*?)\s+([0-9a-f]{16})\s+[0-9a-f]{16}\s+([0-9a-f]{16})\s+([0-9a-f]{16})\s+[0-9a-f]{16}\]$')
FCALL = re.compile(r'^C\s+\[(\d+)\s+\d+\s+tid \d+\s+pc ([0-9a-f]+)\s+tag (\S+)\s+depth \d+\s+(\S+)\]')
CALL = re.compile(r'^L\s+\[(\d+)\s+(call|ret)\s+\d+\s+([0-9a-f]+)\s+([0-9a-f]+)\]')
SCHED = re.compile(r'^sch\s+\[(\d+)\s+pid\s+(\d+)\]')
TASK = re.compile(r'^tsk\s+\[\d+\s+(init|update|exit)\s+tid\s+(\d+)\s+tgid\s+\d+\s+(.*)\]$')
TASK_STACK = re.compile(r'^stack of (\d+) ')
STACKS_PER_SITE = 3  # the stacks the report lists per code site
PAGE = 12
# x86-64's virtual memory map with 4-level paging (Documentation/arch/x86/x86_64/mm.rst), as the
# recorder boots the kernel (nokaslr): the struct page array, 1 TB from vmemmap_base
VMEMMAP = (0xffffea0000000000, 0xffffeb0000000000)
# and the kernel image's mapping, where its static variables live (512 MB from -2 GB)
KERNEL_IMAGE = (0xffffffff80000000, 0xffffffffa0000000)
SEGMENT = re.compile(r'^S\s+\[\d+\s+4\s+([0-9a-f]+)\s+([0-9a-f]+)\]')  # a per-CPU area (segment type 4)


class HeapLabels:
    """The log's heap labels (label type 1) live at each moment, by the 4 KiB pages they touch."""

    def __init__(self):
        self.by_start = {}  # start -> (end, name)
        self.pages = {}     # page -> {start: (end, name, (start, allocation site))}

    def add(self, start, size, name, alloc_pc):
        if size == 0:
            old = self.by_start.pop(start, None)
            if old is not None:
                for p in range(start >> PAGE, ((old[0] - 1) >> PAGE) + 1):
                    self.pages[p].pop(start, None)
            return
        self.by_start[start] = (start + size, name)
        for p in range(start >> PAGE, ((start + size - 1) >> PAGE) + 1):
            self.pages.setdefault(p, {})[start] = (start + size, name, (start, alloc_pc))

    def name_at(self, addr):
        """The name and the object, (start, allocation site), of the heap label holding addr, or (None, None)."""
        for start, (end, name, obj) in self.pages.get(addr >> PAGE, {}).items():
            if start <= addr < end:
                return name, obj
        return None, None


class TaskStacks:
    """The block labels (label type 2) of tasks' stacks live at each moment (stack of TID (comm)): another
    block label at a stack's start (the stack freed and renamed) or a removal ends it."""

    def __init__(self):
        self.labels = HeapLabels()

    def add(self, start, size, name):
        m = TASK_STACK.match(name)
        if m and size:
            self.labels.add(start, size, name, 0)
        elif start in self.labels.by_start:
            self.labels.add(start, 0, name, 0)

    def owner(self, addr):
        """The label name and the thread of the stack holding addr, or (None, None)."""
        name, _ = self.labels.name_at(addr)
        return (None, None) if name is None else (name, int(TASK_STACK.match(name).group(1)))


class InnermostFunctions:
    """innermost() one PC at a time (the same names, see shown()), as the log's stacks appear, from one addr2line process (one per
    PC would read the vmlinux's DWARF hundreds of times): each PC is followed by address 0, whose
    echo marks the end of the PC's inline chain."""
    def __init__(self, vmlinux):
        command = ['addr2line', '-a', '-f', '-i', '-e', vmlinux]
        # how many lines address 0's function and place take (an inline chain there would take more)
        self.sentinel_lines = len(subprocess.run(command + ['0'], capture_output=True, text=True,
                                                 check=True).stdout.splitlines()) - 1
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def of(self, pc):
        if pc < 1 << 47:
            return shown(pc, None)
        self.proc.stdin.write('%x\n0\n' % pc)
        self.proc.stdin.flush()
        out = [self.proc.stdout.readline().rstrip('\n')]  # the PC's address line
        while True:
            line = self.proc.stdout.readline().rstrip('\n')
            if line == '0x0000000000000000':
                for _ in range(self.sentinel_lines):  # the sentinel's function and place
                    self.proc.stdout.readline()
                break
            out.append(line)
        return shown(pc, out[1] if len(out) > 1 else '??')

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


class SyscallAdmission:
    """--syscall and --exclude-syscall: whether a transfer made in the stack entered at an entry pc
    (None: no stack) counts; each entry pc named once (innermost function, less the system-call
    prefix), as by_syscall names them."""
    def __init__(self, only, excluded, vmlinux):
        self.only, self.excluded, self.names, self.verdicts = only, excluded, InnermostFunctions(vmlinux), {}

    def admits(self, entry):
        if entry is None:
            return self.only is None
        v = self.verdicts.get(entry)
        if v is None:
            name = syscall_name(self.names.of(entry))
            v = (self.only is None or name in self.only) and (self.excluded is None or name not in self.excluded)
            self.verdicts[entry] = v
        return v


def count(log, line_size, cpus, scope, syscalls=None):
    shift = line_size.bit_length() - 1
    granule = max(1, line_size // 64)
    masks = {}          # physical line -> CPU mask (absent: every CPU)
    lines = {}          # guest line -> {cpu: [reads, writes, read_mask, write_mask]}
    total = {'transfers': 0, 'user': 0, 'vmemmap': 0}
    by_label = {}       # heap label name -> [transfers, set of objects (start, allocation site)]
    by_pc = {}          # PC -> transfers
    by_pc_lines = {}    # PC -> set of guest lines it moved
    by_entry = {}       # entry pc of the CPU's current fcall stack (None: none) -> [transfers, set of lines]
    outside = {'user code': [0, set()], 'kernel code': [0, set()]}  # no stack: by the access's code
    current = {}        # CPU -> entry pc of the stack it runs (started or resumed last, not paused or done)
    stacks = {}         # fcall tag -> its call stack's frames, oldest first: (return pc, target pc)
    stack_of = {}       # CPU -> tag of the stack it runs
    site_stacks = {}    # (guest line, offset in it, bytes, pc, frames newest first) -> transfers
    segments = []       # the per-CPU areas: (base, end)
    variables = {}      # first byte of a transfer in the kernel image or a per-CPU area -> transfers
    heap = HeapLabels()
    task_stacks = TaskStacks()
    running = {}        # CPU -> the thread its last sched entry named
    names = {}          # thread -> its name, as its last task entry (start or exec) gave it
    programs = {}       # user-space PC -> the names of the threads that ran it when it moved a line
    by_stack_user = {'own_task': 0, 'other_tasks': 0, 'exited_tasks': 0, 'unknown_task': 0}  # transfers on tasks' stacks, by who made them
    exited = set()      # threads a task line said exited, and none started again
    by_stack_label = {}  # stack label name -> the same
    mode = 'disable'
    every = (1 << 64) - 1
    proc = subprocess.Popen([os.path.join(ROOT, 'bin', 'm2text'), log], stdout=subprocess.PIPE,
                            text=True, bufsize=1 << 20)
    for text in proc.stdout:
        m = ACCESS.match(text)
        if m is None:
            fc = FCALL.match(text)
            if fc:
                fcpu, state = int(fc.group(1)), fc.group(4)
                current[fcpu] = int(fc.group(2), 16) if state in ('start', 'resume') else None
                # the call stacks (MSCAN.md 5.1): one per tag, the CPU's current one started or resumed last;
                # done (or done_value, printed '(null)') ends the CPU's current stack whatever the entry's tag
                if state == 'start':
                    stacks[fc.group(3)] = []
                    stack_of[fcpu] = fc.group(3)
                elif state == 'resume':
                    stack_of[fcpu] = fc.group(3)
                elif state == 'pause':
                    stack_of[fcpu] = None
                else:
                    stacks.pop(stack_of.get(fcpu), None)
                    stack_of[fcpu] = None
                continue
            cl = CALL.match(text)
            if cl:
                frames = stacks.get(stack_of.get(int(cl.group(1))))
                if frames is not None:  # calls outside a system call's stack are not followed
                    if cl.group(2) == 'call':
                        frames.append((int(cl.group(4), 16), int(cl.group(3), 16)))  # (return pc, target)
                    elif frames:
                        frames.pop()
                continue
            seg = SEGMENT.match(text)
            if seg:
                segments.append((int(seg.group(1), 16), int(seg.group(2), 16)))
                continue
            lab = LABEL.match(text)
            if lab:
                if lab.group(1) == '1':
                    heap.add(int(lab.group(4), 16), int(lab.group(5), 16), lab.group(2), int(lab.group(3), 16))
                elif lab.group(1) == '2':
                    task_stacks.add(int(lab.group(4), 16), int(lab.group(5), 16), lab.group(2))
                continue
            sc = SCHED.match(text)
            if sc:
                running[int(sc.group(1))] = int(sc.group(2))
                continue
            tk = TASK.match(text)
            if tk:
                tid = int(tk.group(2))
                if tk.group(1) == 'exit':
                    exited.add(tid)
                else:
                    names[tid] = tk.group(3)
                    if tk.group(1) == 'init':
                        exited.discard(tid)
                continue
            h = HOST.match(text)
            if h:
                new = h.group(1)
                if new == 'movement' and mode != 'movement':
                    masks.clear()
                mode = new
            continue
        if mode == 'disable':
            continue
        kind, cpu, host, guest, size = m.group(1), int(m.group(2)), int(m.group(4), 16), int(m.group(5), 16), int(m.group(6))
        pc = int(m.group(3), 16)
        store = kind != 'ld'
        bit = 1 << cpu
        parts = []      # (guest address, bytes, whether the line moved) of the access's part in each line
        first, last = host >> shift, (host + max(size, 1) - 1) >> shift
        glast = (guest + max(size, 1) - 1) & ~(line_size - 1)
        for pl in ((first,) if first == last else (first, last)):
            mask = masks.get(pl, every)
            if store:
                moves = mask != bit
                masks[pl] = bit
            else:
                moves = not mask & bit
                masks[pl] = mask | bit
            if first == last:
                parts.append((guest, size, moves))
            elif pl == first:
                parts.append((guest, glast - guest, moves))
            else:
                parts.append((glast, guest + size - glast, moves))
        if cpus is not None and cpu not in cpus:
            continue
        if syscalls is not None and not syscalls.admits(current.get(cpu)):
            continue
        moved_none = not any(moves for _, _, moves in parts)
        for addr, nbytes, moves in parts:
            user = addr < (1 << 63)
            if (scope == 'kernel' and user) or (scope == 'user' and not user):
                continue
            gl = addr & ~(line_size - 1)
            if not moves:
                if moved_none:
                    # an access that moved no line: its bytes join the CPU's masks of the line if it had a
                    # transfer of it before
                    c = lines.get(gl, {}).get(cpu)
                    if c is not None:
                        c[3 if store else 2] |= byte_mask(addr - gl, nbytes, line_size, granule)
                continue
            total['transfers'] += 1
            total['user'] += user
            total['vmemmap'] += VMEMMAP[0] <= addr < VMEMMAP[1]
            if KERNEL_IMAGE[0] <= addr < KERNEL_IMAGE[1] or any(b <= addr < e for b, e in segments):
                variables[addr] = variables.get(addr, 0) + 1
            by_pc[pc] = by_pc.get(pc, 0) + 1
            if pc < (1 << 47) and running.get(cpu) in names:
                programs.setdefault(pc, set()).add(names[running[cpu]])
            by_pc_lines.setdefault(pc, set()).add(gl)
            frames = stacks.get(stack_of.get(cpu))
            if frames:
                k = (gl, addr - gl, nbytes, pc, tuple(reversed(frames)))
                site_stacks[k] = site_stacks.get(k, 0) + 1
            entry = current.get(cpu)
            e = by_entry.setdefault(entry, [0, set()]) if entry is not None else outside[
                'user code' if pc < (1 << 47) else 'kernel code']
            e[0] += 1
            e[1].add(gl)
            stack, owner = task_stacks.owner(addr)
            if owner is not None:
                now = running.get(cpu)
                who = ('unknown_task' if now is None else 'own_task' if now == owner
                       else 'exited_tasks' if owner in exited else 'other_tasks')
                by_stack_user[who] += 1
                per = by_stack_label.setdefault(stack, {k: 0 for k in by_stack_user})
                per[who] += 1
            name, obj = heap.name_at(addr)
            if name is not None:
                t = by_label.setdefault(name, [0, set()])
                t[0] += 1
                t[1].add(obj)
            bmask = byte_mask(addr - gl, nbytes, line_size, granule)
            c = lines.setdefault(gl, {}).setdefault(cpu, [0, 0, 0, 0])
            if store:
                c[1] += 1
                c[3] |= bmask
            else:
                c[0] += 1
                c[2] |= bmask
    if proc.wait() != 0:
        sys.exit('check-report: bin/m2text failed on ' + log)
    total['by_label'] = by_label
    total['task_stacks'] = by_stack_user
    total['task_stack_labels'] = by_stack_label
    total['programs'] = programs
    total['by_pc'] = by_pc
    total['by_pc_lines'] = by_pc_lines
    total['site_stacks'] = site_stacks
    total['by_entry'] = by_entry
    total['variables'] = variables
    total['segments'] = segments
    total['outside'] = outside
    return lines, total


SYSCALL_PREFIXES = ('__x64_sys_', '__ia32_sys_', '__se_sys_', '__do_sys_', 'ksys_', 'sys_')


def innermost(pcs, vmlinux):
    """addr2line's innermost function of each PC (inlined code included), in the order given; a
    user-space PC or one without a function as its hex value, as the report names them."""
    kernel = [pc for pc in pcs if pc >= 1 << 47]
    out = subprocess.run(['addr2line', '-a', '-f', '-i', '-e', vmlinux], input='\n'.join('%x' % pc for pc in kernel),
                         capture_output=True, text=True, check=True).stdout.splitlines()
    found, i = [], 0
    while i < len(out):
        if out[i].startswith('0x'):  # the address, then the innermost function, then its place, ...
            found.append(out[i + 1])
            i += 2
        else:
            i += 1
    names = dict(zip(kernel, found))
    return [shown(pc, names.get(pc, '??')) for pc in pcs]


def shown(pc, function):
    """A PC's function as the report names it: a user-space PC, or one addr2line finds no function
    for ('??'), by its hex value."""
    return hex(pc) if pc < 1 << 47 or function == '??' else function


def innermost_names(pcs, vmlinux, tables, listed):
    """Each PC's innermost function as the report's "functions" table names it: addr2line's innermost
    function for a PC inside a sized FUNC symbol (C code, with DWARF's inline frames); for one outside
    every FUNC symbol (assembly: entry_SYSCALL_64_after_hwframe is a NOTYPE label) the nearest symbol
    below it, as the out-of-line table names it (the listed name among aliases)."""
    symbol_of = symbol_lookup(tables)
    out = {}
    for pc, name in zip(pcs, innermost(pcs, vmlinux)):
        table, names = symbol_of(pc)
        if pc >= 1 << 47 and table != 0:
            shown = [n for n in names if n in listed]
            name = shown[0] if shown else min(names)
        out[pc] = name
    return out


def by_function(total, vmlinux, tables, listed):
    """Transfers and lines per innermost function (the report's "functions" table, innermost_names)."""
    pcs = sorted(total['by_pc'])
    counts = {}
    for pc, name in innermost_names(pcs, vmlinux, tables, listed).items():
        c = counts.setdefault(name, [0, set()])
        c[0] += total['by_pc'][pc]
        c[1] |= total['by_pc_lines'][pc]
    return counts


def syscall_name(function):
    """A system call's name from its entry function's: __x64_sys_openat is openat; others as they are."""
    for prefix in SYSCALL_PREFIXES:
        if function.startswith(prefix) and len(function) > len(prefix):
            return function[len(prefix):]
    return function


def by_syscall(by_entry, vmlinux):
    """Transfers and lines per system call: each stack's entry pc named by the innermost function
    addr2line gives it (an interrupt's pc lies inside its handler, inlined code included), less the
    system-call prefix (__x64_sys_openat: openat); a pc without a function as its hex value."""
    pcs = sorted(by_entry)
    counts = {}
    for pc, name in zip(pcs, innermost(pcs, vmlinux)):
        c = counts.setdefault(syscall_name(name), [0, set()])
        c[0] += by_entry[pc][0]
        c[1] |= by_entry[pc][1]
    return counts


def byte_mask(off, nbytes, line_size, granule):
    """The mask bits (one per granule of the line) of nbytes at offset off."""
    end = min(line_size, off + max(nbytes, 1))
    bmask = 0
    for b in range(off // granule, (end - 1) // granule + 1):
        bmask |= 1 << b
    return bmask


def verdict(per_cpu, nbytes=-1):
    """'true' when a byte (of the mask nbytes) one CPU wrote was read or written by another."""
    for a, ca in per_cpu.items():
        for b, cb in per_cpu.items():
            if a != b and ca[3] & nbytes & (cb[2] | cb[3]):
                return 'true'
    return 'false'


def shared(per_cpu):
    return len(per_cpu) >= 2 and any(c[1] for c in per_cpu.values())


def symbol_rows(vmlinux):
    """readelf -sW's OBJECT, FUNC and NOTYPE symbols of the image: (address, size, type, section index, name)."""
    out = subprocess.run(['readelf', '-sW', vmlinux], capture_output=True, text=True, check=True).stdout
    rows = []
    for row in out.splitlines():
        f = row.split()
        if len(f) >= 8 and f[3] in ('OBJECT', 'FUNC', 'NOTYPE'):
            rows.append((int(f[1], 16), int(f[2], 0), f[3], f[6], f[7]))
    return rows


def executable_sections(vmlinux):
    """readelf -SW's sections with the X flag: index (as readelf -sW prints it) -> (address, end)."""
    out = subprocess.run(['readelf', '-SW', vmlinux], capture_output=True, text=True, check=True).stdout
    sections = {}
    for row in out.splitlines():
        m = re.match(r'\s*\[\s*(\d+)\]\s+(.*)$', row)
        if not m:
            continue
        f = m.group(2).split()
        if len(f) >= 7 and not f[6].isdigit() and 'X' in f[6]:
            sections[m.group(1)] = (int(f[2], 16), int(f[2], 16) + int(f[4], 16))
    return sections


def symbols(rows):
    """The image's variables by name: (address, size), the first symbol of a name."""
    table = {}
    for address, size, kind, _, name in rows:
        if kind == 'OBJECT':
            table.setdefault(name, (address, size))
    return table


def functions(rows, sections):
    """The image's code symbols, as the report (and binutils' addr2line) names a PC's out-of-line
    function: the FUNC symbol whose [start, start + size) holds it, else the nearest FUNC or NOTYPE
    symbol at or below it in its executable section (assembly entry points such as error_entry have
    no size; __put_user_nocheck_8 is a NOTYPE label inside __put_user_8). Two tables of (start, end,
    names), aliases at one address together, each name without its .cold/.isra/... suffix."""
    sized, nearest = {}, {}
    for start, size, kind, section, name in rows:
        if kind not in ('FUNC', 'NOTYPE') or section not in sections:
            continue
        lo, hi = sections[section]
        if not lo <= start < hi:
            continue
        if kind == 'FUNC':
            old = sized.get(start, (0, frozenset()))
            sized[start] = (max(old[0], start + max(size, 1)), old[1] | {name.split('.')[0]})
        old = nearest.get(start, (0, frozenset()))
        nearest[start] = (hi, old[1] | {name.split('.')[0]})
    return tuple(sorted((s, e, n) for s, (e, n) in t.items()) for t in (sized, nearest))


def symbol_lookup(tables):
    """A PC's out-of-line function in functions()'s tables: (0, names) inside a sized FUNC symbol,
    (1, names) for the nearest symbol below it in its executable section, (-1, {hex value}) for a PC
    in none (user space), as the report names it."""
    starts = [[t[0] for t in table] for table in tables]

    def symbol_of(pc):
        for k, (table, st) in enumerate(zip(tables, starts)):
            i = bisect.bisect_right(st, pc) - 1
            if i >= 0 and pc < table[i][1]:
                return k, table[i][2]
        return -1, frozenset([hex(pc)])
    return symbol_of


def by_symbol(by_pc, tables):
    """Transfers per out-of-line function (functions()) by its names (aliases together)."""
    symbol_of = symbol_lookup(tables)
    counts = {}
    for pc, n in by_pc.items():
        names = symbol_of(pc)[1]
        counts[names] = counts.get(names, 0) + n
    return counts


def check_variables(rep, total, image, problems):
    """Each listed type that is a static or per-CPU variable (its row has a variable_type) has exactly
    the transfers whose first byte lies in the variable's symbol (readelf -sW), in every CPU's copy
    for a per-CPU one (each per-CPU area of the log plus the symbol's offset from __per_cpu_start),
    and as many objects as copies it moved; names with more than one symbol are left out."""
    named = {}
    for address, size, kind, _, name in image:
        if kind in ('OBJECT', 'NOTYPE'):
            named.setdefault(name, []).append((address, size, kind))
    start = next((a for a, _, _ in named.get('__per_cpu_start', [])), None)
    end = next((a for a, _, _ in named.get('__per_cpu_end', [])), None)
    hits = sorted(total['variables'].items())
    addrs = [a for a, _ in hits]

    def count(lo, hi):
        return sum(n for _, n in hits[bisect.bisect_left(addrs, lo):bisect.bisect_left(addrs, hi)])

    checked = 0
    for t in rep['types']:
        objects = [s for s in named.get(t['type'], []) if s[2] == 'OBJECT']
        if t.get('variable_type') is None or len(objects) != 1:
            continue
        checked += 1
        address, size, _ = objects[0]
        if start is not None and end is not None and start <= address < end:
            copies = [count(b + address - start, b + address - start + max(size, 1)) for b, _ in total['segments']]
        else:
            copies = [count(address, address + max(size, 1))]
        n = sum(copies)
        if n != t['transfers'] or sum(1 for c in copies if c) != t['objects']:
            problems.append('variable %s: %d transfers in %d of its %d copies, the report says %d in %d objects'
                            % (t['type'], n, sum(1 for c in copies if c), len(copies), t['transfers'], t['objects']))
    return checked


def main(argv):
    top = None
    args = []
    for a in argv:
        if a.startswith('--top='):
            top = int(a[6:])
        else:
            args.append(a)
    if len(args) not in (2, 3):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    log, report_path = args[0], args[1]
    with open(report_path) as f:
        rep = json.load(f)
    problems = []

    def expect(what, mine, theirs):
        if mine != theirs:
            problems.append('%s: counted %s, report says %s' % (what, mine, theirs))

    expect('schema', 'mtrace-report', rep.get('schema'))
    expect('version', 1, rep.get('version'))
    flt = rep['filters']
    line_size = rep['input']['line_size']
    only, excluded = flt.get('syscalls'), flt.get('excluded_syscalls')
    syscalls = None
    if only is not None or excluded is not None:
        if len(args) < 3:
            print('check-report: the report counts by system call (--syscall, --exclude-syscall): give VMLINUX',
                  file=sys.stderr)
            return 2
        syscalls = SyscallAdmission(only, excluded, args[2])
    lines, total = count(log, line_size, None if flt['cpus'] is None else set(flt['cpus']), flt['scope'], syscalls)
    if syscalls is not None:
        syscalls.names.close()
    # per (line, offset, bytes, pc) of a site (a site of an offset row: its offset and size): its
    # stacks' (frames newest first, transfers)
    site_stacks = {}
    for (gl, off, nbytes, pc, frames), n in total['site_stacks'].items():
        site_stacks.setdefault((gl, off, nbytes, pc), []).append((frames, n))
    stacks_checked = [0]

    def expect_stacks(what, counted, listed):
        """The top stacks of (frames newest first, transfers) counted against a site's or row's "stacks"."""
        mine = sorted(counted, key=lambda fn: (-fn[1], fn[0]))[:STACKS_PER_SITE]
        expect(what + ' call stacks (return pcs, transfers)', [([hex(r) for r, _ in f], n) for f, n in mine],
               [([c['pc'] for c in st['callers']], st['transfers']) for st in listed.get('stacks', [])])
        if total['site_stacks']:  # a log with call entries: the rest of the row's transfers were under no stack
            expect(what + ' transfers under no call stack', listed['transfers'] - sum(n for _, n in counted),
                   listed.get('unstacked_transfers'))
        stacks_checked[0] += 1
    s = rep['summary']
    expect('summary.transfers', total['transfers'], s['transfers'])
    expect('summary.user_transfers', total['user'], s['user_transfers'])
    expect('summary.kernel_transfers', total['transfers'] - total['user'], s['kernel_transfers'])
    expect('summary.lines', len(lines), s['lines'])
    # the transfers on tasks' stacks by who made them, and by the program the stack's label names
    # ("stack of TID (PROGRAM)"), busiest first, ties by name, at most 20
    stacks = total['task_stacks']
    programs = {}
    for name, per in total['task_stack_labels'].items():
        p = programs.setdefault(name[name.index(' (') + 2:-1], dict({k: 0 for k in stacks}, stacks=0))
        p['stacks'] += 1
        for k in stacks:
            p[k] += per[k]
    ranked = sorted(programs.items(), key=lambda kv: (-sum(kv[1][k] for k in stacks), kv[0]))
    listed = [dict(p, program=name, transfers=sum(p[k] for k in stacks)) for name, p in ranked[:20]]
    expect('summary.task_stacks', dict(stacks, transfers=sum(stacks.values()), programs=listed), s.get('task_stacks'))
    shared_lines = {a: p for a, p in lines.items() if shared(p)}
    expect('summary.shared_lines', len(shared_lines), s['shared_lines'])
    # the recounts below of the ranked lines, types and code are of the whole log: they apply when
    # neither --struct nor --function narrowed what the report ranks
    whole = flt['struct'] is None and flt['function'] is None
    if whole:
        def key(item):
            a, p = item
            t = sum(c[0] + c[1] for c in p.values())
            w = sum(c[1] for c in p.values())
            first = {'transfers': -t, 'cpus': -len(p), 'writes': -w}[flt['sort']]
            return (first, -t, a)
        ranked = sorted(shared_lines.items(), key=key)[:top or flt['top']]
        listed = rep['lines'][:top or flt['top']]
        expect('number of ranked lines', len(ranked), len(listed))
        for (addr, p), row in zip(ranked, listed):
            where = 'line rank %d' % row['rank']
            expect(where + ' address', hex(addr), row['address'])
            if hex(addr) != row['address']:
                continue
            expect(where + ' transfers', sum(c[0] + c[1] for c in p.values()), row['transfers'])
            expect(where + ' reads', sum(c[0] for c in p.values()), row['reads'])
            expect(where + ' writes', sum(c[1] for c in p.values()), row['writes'])
            expect(where + ' reader_cpus', sum(1 for c in p.values() if c[0]), row['reader_cpus'])
            expect(where + ' writer_cpus', sum(1 for c in p.values() if c[1]), row['writer_cpus'])
            expect(where + ' verdict', verdict(p), row['verdict'])
            for o in row.get('offsets', []):
                if 'verdict' in o:  # each offset's verdict: the same test on its own bytes (mask granules)
                    granule = max(1, line_size // 64)
                    end = min(line_size, o['offset'] + max(o['size'], 1))
                    span = sum(1 << b for b in range(o['offset'] // granule, (end - 1) // granule + 1))
                    expect('%s offset +%d (%d bytes) verdict' % (where, o['offset'], o['size']), verdict(p, span),
                           o['verdict'])
            theirs = {c['cpu']: [c['reads'], c['writes'], int(c['read_mask'], 16), int(c['write_mask'], 16)]
                      for c in row['cpus']}
            expect(where + ' per-CPU reads, writes and byte masks', p, theirs)
            for o in row.get('offsets', []):
                for site in o.get('sites', []):
                    expect_stacks('%s offset +%d (%d bytes) site %s' % (where, o['offset'], o['size'], site['pc']),
                                  site_stacks.get((addr, o['offset'], o['size'], int(site['pc'], 16)), []), site)
    if whole:
        # a type named by heap labels has at least their transfers (more when kmalloc objects are
        # inferred to be of it), less those it says went elsewhere (a merged slab cache's objects of
        # another type, or past it), which cannot be more than the label's or less than what the
        # listed types say they took from it
        listed = {t['type']: t for t in rep['types']}
        for name, (n, objects) in total['by_label'].items():
            t = listed.get(name)
            via = sum(c['transfers'] for u in rep['types'] for c in u.get('labels', []) if c['label'] == name)
            if via > n:
                problems.append('label %s: %d transfers to objects so labelled, the report types %d of them otherwise'
                                % (name, n, via))
            if t is None:
                continue
            away = t.get('labelled_elsewhere', {'transfers': 0, 'objects': 0})
            if t['transfers'] + away['transfers'] < n:
                problems.append('type %s: %d transfers to objects labelled %s, the report lists %d (and %d elsewhere)'
                                % (name, n, name, t['transfers'], away['transfers']))
            if away['transfers'] > n or away['transfers'] < via:
                problems.append('type %s: %d transfers to objects labelled %s, %d typed otherwise by the listed types,'
                                ' the report says %d went elsewhere' % (name, n, name, via, away['transfers']))
            if t['objects'] + away['objects'] < len(objects):
                problems.append('type %s: %d objects labelled %s moved, the report lists %d (and %d elsewhere)'
                                % (name, len(objects), name, t['objects'], away['objects']))
    page = next((t for t in rep['types'] if t['type'] == 'page'), None)
    if page is not None and whole:
        # the struct page array holds nothing but struct pages: the type has exactly its transfers
        expect('type page transfers (the vmemmap region)', total['vmemmap'], page['transfers'])
    for row in rep['lines']:
        # the verdict must follow from the byte masks the report itself lists
        masks = {c['cpu']: [0, 0, int(c['read_mask'], 16), int(c['write_mask'], 16)] for c in row['cpus']}
        expect('line %s verdict from its own masks' % row['address'], verdict(masks), row['verdict'])
    image = symbol_rows(args[2]) if len(args) == 3 else None  # read once for the variables and the functions
    if image is not None:
        syms = symbols(image)
        for row in rep['lines']:
            for w in row['what']:
                if w['form'] != 'typed' or w['text'].startswith('(*('):
                    continue
                name = re.match(r'[A-Za-z_$][A-Za-z0-9_$.]*', w['text'])
                sym = syms.get(name.group(0).split('.')[0]) if name else None
                if sym is None or '[cpu ' in w['text']:
                    continue  # per-CPU copies live at their CPU's area, not at the symbol
                addr = int(row['address'], 16) + w['offset']
                if not sym[0] <= addr < sym[0] + max(sym[1], 1):
                    problems.append('line %s +%d: %s is not inside symbol %s [%#x, +%d)'
                                    % (row['address'], w['offset'], w['text'], name.group(0), sym[0], sym[1]))
    variables_checked = 0
    if image is not None and whole:
        variables_checked = check_variables(rep, total, image, problems)
    code_tables = functions(image, executable_sections(args[2])) if image is not None else None
    check_functions = image is not None and whole and 'symbols' in rep
    if check_functions:
        # the code profile by out-of-line function: the function symbol holding each transfer's PC
        mine = by_symbol(total['by_pc'], code_tables)
        for row in rep['symbols']:
            n = sum(c for names, c in mine.items() if row['symbol'] in names)
            expect('symbol %s transfers' % row['symbol'], n, row['transfers'])
    check_innermost = image is not None and whole and 'functions' in rep
    if check_innermost:
        # the code profile by innermost function: addr2line's first frame of each transfer's PC
        mine = by_function(total, args[2], code_tables, {r['function'] for r in rep['functions']})
        ranked = sorted(mine.items(), key=lambda kv: (-kv[1][0], kv[0]))[:len(rep['functions'])]
        expect('innermost functions ranked', [(n, c[0], len(c[1])) for n, c in ranked],
               [(r['function'], r['transfers'], r['lines']) for r in rep['functions']])
    if (check_functions or check_innermost) and total['site_stacks']:
        # each listed function's call stacks: the stacks of every transfer made by its PCs, summed
        by_pc_stacks = {}
        for (_, _, _, pc, frames), n in total['site_stacks'].items():
            d = by_pc_stacks.setdefault(pc, {})
            d[frames] = d.get(frames, 0) + n
        pcs = sorted(by_pc_stacks)
        symbol_of = symbol_lookup(code_tables)
        tables = []
        if check_functions:
            names = {pc: symbol_of(pc)[1] for pc in pcs}
            tables.append(('symbol', rep['symbols'], lambda pc, name: name in names[pc]))
        if check_innermost:
            inner = innermost_names(pcs, args[2], code_tables, {r['function'] for r in rep['functions']})
            tables.append(('function', rep['functions'], lambda pc, name: inner[pc] == name))
        for key, rows, named in tables:
            for row in rows:
                agg = {}
                for pc in pcs:
                    if named(pc, row[key]):
                        for f, n in by_pc_stacks[pc].items():
                            agg[f] = agg.get(f, 0) + n
                expect_stacks('%s %s' % (key, row[key]), agg.items(), row)
    # a user-space PC's row names the program that ran it: its threads' one name, or several
    for key, rows in (('symbol', rep.get('symbols', [])), ('function', rep.get('functions', []))):
        for row in rows:
            name = row[key]
            if name.startswith('0x') and int(name, 16) < (1 << 47):
                ran = total['programs'].get(int(name, 16), set())
                expect('%s %s program' % (key, name),
                       None if not ran else next(iter(ran)) if len(ran) == 1 else 'several programs', row.get('program'))
    check_syscalls = image is not None and whole and 'syscalls' in rep
    if check_syscalls:
        # the code profile by system call: the entry function of the CPU's current stack at each transfer,
        # ranked as the report ranks them; what is in no stack, by user and by kernel code
        mine = by_syscall(total['by_entry'], args[2])
        ranked = sorted(mine.items(), key=lambda kv: (-kv[1][0], kv[0]))[:len(rep['syscalls'])]
        expect('system calls ranked', [(n, c[0], len(c[1])) for n, c in ranked],
               [(r['syscall'], r['transfers'], r['lines']) for r in rep['syscalls']])
        theirs = {o['what']: (o['transfers'], o['lines']) for o in s.get('outside_syscalls', [])}
        expect('transfers in no system call', {w: (c[0], len(c[1])) for w, c in total['outside'].items() if c[0]},
               theirs)
    for p in problems:
        print('check-report: ' + p)
    if not problems:
        labelled = sum(1 for t in rep['types'] if t['type'] in total['by_label'])
        functions_checked = len(rep['symbols']) if check_functions else 0
        print('check-report: ok: %d transfers, %d lines, %d shared, top %d lines and their verdicts, %d types named '
              'by heap labels, %d variables, %d out-of-line and %d innermost functions, %d system calls agree'
              % (total['transfers'], len(lines), len(shared_lines), len(rep['lines']), labelled, variables_checked,
                 functions_checked, len(rep['functions']) if check_innermost else 0,
                 len(rep['syscalls']) if check_syscalls else 0)
              + ('; so do the call stacks of %d code sites and functions (%d (line, offset, bytes, PC, stack) tuples counted)'
                 % (stacks_checked[0], sum(1 for _ in total['site_stacks'])) if total['site_stacks'] else ''))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
