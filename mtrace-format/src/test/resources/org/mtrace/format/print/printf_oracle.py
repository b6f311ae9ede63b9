"""Independent oracle for the printers: decodes a raw mtrace log with struct
(offsets from FORMAT.md) and renders the C printf formats of M2TEXT.md §1.3
with Python's % operator, or checks JSON lines with the json module.

usage: printf_oracle.py LOG original|corrected   -> expected text on stdout
       printf_oracle.py LOG jsoncheck OUTPUT     -> exit 0 iff every line of OUTPUT parses
                                                    to the object expected for its entry
"""
import json, struct, sys
data = open(sys.argv[1], 'rb').read()
mode = sys.argv[2]
original = mode == 'original'
out = []
def u8(b, o): return b[o]
def u16(b, o): return struct.unpack_from('<H', b, o)[0]
def u32(b, o): return struct.unpack_from('<I', b, o)[0]
def i32(b, o): return struct.unpack_from('<i', b, o)[0]
def u64(b, o): return struct.unpack_from('<Q', b, o)[0]
def cstr(b, o):
    s = b[o:o+64]; n = s.find(b'\0'); return (s if n < 0 else s[:n]).decode('latin1')
def name(table, v, missing=None):
    w = table.get(v)
    if w is not None: return w
    return '(null)' if original else str(v)
ACC = {1:'ld',2:'st',3:'iw'}
HOST = {1:'access_all_cpu',2:'call_clear_cpu',3:'call_set_cpu',4:'disable_count_cpu',5:'enable_count_cpu'}
MODE = {0:'disable',1:'movement',2:'ascope'} if original else {0:'disable',1:'movement',2:'ascope',3:'kernelscope'}
STATE = {1:'start',2:'done',4:'resume',5:'pause'} if original else {1:'start',2:'done',3:'done_value',4:'resume',5:'pause'}
TASK = {1:'init',2:'update',3:'exit'}
p = 0
while p < len(data):
    t, size, cpu, ac, ts = struct.unpack_from('<IHHQQ', data, p)
    b = data[p:p+size]; p += size
    if t == 1:
        out.append("%-3s [%-3u  %16s  %016x  %016x  %016x  %016x  %016x]" % ("T", u32(b,32), cstr(b,36), u64(b,116), u64(b,24), u64(b,100), u64(b,108), ac))
    elif t == 2:
        f = b[28]
        out.append("%-3s [%-3u %16u pc %016x  host %016x  guest %016x  %ub" % (name(ACC,u32(b,24)), cpu, ac, u64(b,29), u64(b,37), u64(b,45), b[53]) + ("  traffic" if f & 1 else "") + ("  lock" if f & 2 else "") + "]")
    elif t == 3:
        ht = u32(b,24); s = "%-3s [%-3u  %s" % ("E", cpu, name(HOST, ht))
        if ht == 1: s += "  mode %s  %s" % (name(MODE, u32(b,36)), cstr(b,40))
        elif ht in (2,3):
            c = u64(b,36); s += "  cpu" + (" cur" if c == 2**64-1 else " %u" % c)
        out.append(s + "]")
    elif t == 4:
        out.append("%-3s [%-3u  %16u  tid %u  pc %016x  tag 0x%x  depth %u  %s]" % ("C", cpu, ac, u64(b,24), u64(b,32), u64(b,40), u16(b,48), name(STATE, u32(b,50))))
    elif t == 5:
        out.append("%-3s [%-3u  %3u  %16x %16x]" % ("S", cpu, 5 if original else u32(b,42), u64(b,24), u64(b,32)))
    elif t == 6:
        out.append("%-3s [%-3u  %4s  %16u  %16x %16x]" % ("L", cpu, "ret" if i32(b,40) != 0 else "call", ac, u64(b,24), u64(b,32)))
    elif t == 7:
        k = "r" if u32(b,104) == 3 else ("ar" if b[108] else "aw")
        out.append("%-3s [%-3u  ts %16u pc %16x  lock %16x  %s]" % (k, cpu, ts, u64(b,24), u64(b,32), cstr(b,40)))
    elif t == 8:
        out.append("%-3s [%-3u %-6s  tid %16u  tgid  %16u  %s]" % ("tsk", cpu, name(TASK, u32(b,40)), u64(b,24), u64(b,32), cstr(b,44)))
    elif t == 9:
        out.append("%-3s [%-3u  pid %5u]" % ("sch", cpu, u64(b,24)))
    elif t == 10:
        f = b[50]
        out.append("%-3s [cpus %u  ram %u  quantum %u  sample %u  locked %s  calls %s]" % ("mac", u16(b,24), u64(b,26), u64(b,34), u64(b,42), "t" if f & 1 else "f", "t" if f & 2 else "f"))
    elif t == 11:
        out.append("%-3s [%-3u  type %u  u64 %u]" % ("app", cpu, u16(b,24), u64(b,26)))
    elif t == 12:
        out.append("%-3s [%-3u  %-5s %s]" % ("Asc", cpu, "exit" if b[24] & 1 else "enter", cstr(b,25)))
    elif t == 13:
        out.append("%-3s [%-3u  %s]" % ("Aw" if b[24] & 1 else "Ar", cpu, cstr(b,25)))
    elif t == 14 and not original:
        out.append("%-3s [%-3u  %16u  base %016x  nbytes %u  %s  %s]" % ("gc", cpu, ac, u64(b,24), u64(b,32), "free" if b[104] & 1 else "size", cstr(b,40)))
    elif t == 15 and not original:
        out.append("%-3s [%-3u  %16u  %s]" % ("gce", cpu, ac, "begin" if b[24] & 1 else "end"))
if mode != 'jsoncheck':
    sys.stdout.write("".join(l + "\n" for l in out))
    sys.exit(0)

SPELL = {'type': {1:'label',2:'access',3:'host',4:'fcall',5:'segment',6:'call',7:'lock',8:'task',9:'sched',
                  10:'machine',11:'appdata',12:'ascope',13:'avar',14:'gc',15:'gcepoch'},
         'label': {1:'heap',2:'block',3:'static',4:'percpu'}, 'access': ACC, 'host': HOST,
         'mode': {0:'disable',1:'movement',2:'ascope',3:'kernelscope'},
         'state': {1:'start',2:'done',3:'done_value',4:'resume',5:'pause'},
         'op': {1:'acquire',2:'acquired',3:'release'}, 'task': TASK}
def sp(kind, v): return SPELL[kind].get(v, str(v))
def hx(v): return "0x%x" % v
def expected(b):
    t, size, cpu, ac, ts = struct.unpack_from('<IHHQQ', b, 0)
    o = {'type': sp('type', t), 'size': size, 'cpu': cpu, 'access_count': ac, 'ts': ts}
    if t == 1:
        o.update(host_addr=hx(u64(b,24)), label_type=sp('label', u32(b,32)), str=cstr(b,36), guest_addr=hx(u64(b,100)), bytes=u64(b,108), pc=hx(u64(b,116)))
    elif t == 2:
        f = b[28]
        o.update(access_type=sp('access', u32(b,24)), traffic=bool(f & 1), lock=bool(f & 2), deps=bool(f & 4), pc=hx(u64(b,29)), host_addr=hx(u64(b,37)), guest_addr=hx(u64(b,45)), bytes=b[53])
    elif t == 3:
        ht = u32(b,24)
        o.update(host_type=sp('host', ht), global_ts=u64(b,28))
        if ht == 1: o.update(mode=sp('mode', u32(b,36)), access_str=cstr(b,40))
        elif ht in (2,3): o.update(call_cpu=u64(b,36), current_cpu=u64(b,36) == 2**64-1)
    elif t == 4:
        o.update(tid=u64(b,24), pc=hx(u64(b,32)), tag=hx(u64(b,40)), depth=u16(b,48), state=sp('state', u32(b,50)))
    elif t == 5:
        o.update(baseaddr=hx(u64(b,24)), endaddr=hx(u64(b,32)), segment_cpu=u16(b,40), object_type=sp('label', u32(b,42)))
    elif t == 6:
        o.update(target_pc=hx(u64(b,24)), return_pc=hx(u64(b,32)), ret=i32(b,40))
    elif t == 7:
        o.update(pc=hx(u64(b,24)), lock=hx(u64(b,32)), str=cstr(b,40), op=sp('op', u32(b,104)), read=b[108])
    elif t == 8:
        o.update(tid=u64(b,24), tgid=u64(b,32), task_type=sp('task', u32(b,40)), str=cstr(b,44))
    elif t == 9:
        o.update(tid=u64(b,24))
    elif t == 10:
        o.update(num_cpus=u16(b,24), num_ram=u64(b,26), quantum=u64(b,34), sample=u64(b,42), locked=bool(b[50] & 1), calls=bool(b[50] & 2))
    elif t == 11:
        o.update(appdata_type=u16(b,24), u64=u64(b,26))
    elif t in (12, 13):
        o.update({'exit' if t == 12 else 'write': bool(b[24] & 1), 'name': cstr(b,25)})
    elif t == 14:
        o.update(base=hx(u64(b,24)), nbytes=u64(b,32), name=cstr(b,40), gc=bool(b[104] & 1))
    elif t == 15:
        o.update(begin=bool(b[24] & 1))
    return o

lines = open(sys.argv[3], 'rb').read().decode('ascii').split('\n')
assert lines[-1] == '', 'output must end with a newline'
p = 0
n = 0
for line in lines[:-1]:
    size = u16(data, p + 4)
    want = expected(data[p:p+size]); p += size
    got = json.loads(line)
    if json.dumps(got) != json.dumps(want):  # exact: key order, and true is not 1
        sys.exit("entry %d:\n got  %s\n want %s" % (n, line, json.dumps(want)))
    n += 1
if p != len(data):
    sys.exit("only %d entries printed" % n)
