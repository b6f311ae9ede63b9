#!/usr/bin/env bash
# check-recording.sh LOG VMLINUX: checks a recorded log against the physics of the machine it
# recorded, from bin/m2text's text output and the vmlinux's symbol table alone (nothing of the
# recorder or of mscan is trusted):
#   cpus      every entry's CPU is below the machine entry's CPU count
#   bracket   accesses appear only while a host entry has recording enabled, the log has some,
#             and its last record-mode entry disables recording
#   percpu    accesses to a per-CPU variable that the kernel reaches only through %gs
#             (__preempt_count on 6.1, pcpu_hot on 6.2+) touch the executing CPU's own copy:
#             each CPU's most-used copy takes >= 99 % of its accesses, and no two CPUs share one
#             (copies = each per-CPU segment base + the symbol's offset from __per_cpu_start)
#   movement  (movement-mode phases without sampling) on every physical 64-byte line, a CPU's
#             logged access after its own logged store, or a logged load after its own logged
#             load, needs another CPU's logged access in between: infinite caches only lose a
#             line to another CPU
#             (not for logs recorded with --all, which log every access: give --all)
#   entries   user code does not run inside the kernel: no access with a user-half pc while the CPU's
#             current fcall stack has a kernel entry pc (a system call, a page fault from user mode, an
#             interrupt: the recorder's hooks open one when the CPU enters the kernel and end it before
#             the return to user mode)
#   taskwork  the work a task's entry into the kernel leaves for the way back to user mode is the
#             entry's: every access by __fput (the last fput of a file: run as task work when the
#             task returns from the system call that closed it, or exits; by a kworker for kernel
#             threads) is made while the CPU's current fcall stack is a kernel entry's
#   calls     (logs recorded with --calls) the call and return entries, followed per fcall stack
#             (MSCAN.md 5.1: a call pushes a frame on the CPU's current stack, a return pops one),
#             balance: no frame is left behind, i.e. when a stack ends (and at the end of the log) no
#             frame on it holds a return address that a frame below it holds too (a call repeated in
#             a loop whose return was logged in another stack; a recursion through one call site,
#             such as nested wake-ups, pops its frames again before), but for one a CPU at the end
#   scope     (with --scope=user or --scope=kernel, for logs recorded with that --scope) every
#             access's pc is a user address (below 0x0000800000000000) or a kernel one (at or
#             above 0xffff800000000000); with --scope=user the percpu check is left out (user
#             code cannot reach per-CPU data, so it has no access to check)
# Prints one line per check and "N passed, N failed"; exit 0 when all pass, 1 otherwise, 2 on bad usage.
set -uo pipefail
full=0 scope=all
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) sed -n '2,/^set -uo/{/^set -uo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    --all) full=1; shift ;;
    --scope=user|--scope=kernel|--scope=all) scope=${1#--scope=}; shift ;;
    -*) echo "check-recording: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# = 2 ] || { echo "usage: check-recording.sh [--all] [--scope=user|kernel|all] LOG VMLINUX" >&2; exit 2; }
log=$1 vmlinux=$2
root="$(cd "$(dirname "$0")/.." && pwd)"
[ -r "$log" ] || { echo "check-recording: cannot read $log" >&2; exit 2; }
command -v nm >/dev/null || { echo "check-recording: nm not found (apt-get install binutils)" >&2; exit 2; }
# nm -S: "ADDR [SIZE] TYPE NAME"; normalised to "NAME ADDR SIZE"
syms=$(nm -S "$vmlinux" 2>/dev/null | awk '$NF=="__per_cpu_start"||$NF=="__preempt_count"||$NF=="pcpu_hot"||$NF=="__fput" {print $NF, $1, (NF == 4 ? $2 : "0")}') ||
  { echo "check-recording: cannot read symbols of $vmlinux" >&2; exit 2; }
pcpu_start=$(awk '$1=="__per_cpu_start"{print $2}' <<<"$syms")
var=$(awk '$1=="__preempt_count"{print $1; exit}' <<<"$syms"); [ -n "$var" ] || var=pcpu_hot
var_addr=$(awk -v v="$var" '$1==v{print $2}' <<<"$syms")
var_size=$(awk -v v="$var" '$1==v{print $3}' <<<"$syms")
fput_addr=$(awk '$1=="__fput"{print $2; exit}' <<<"$syms") fput_size=$(awk '$1=="__fput"{print $3; exit}' <<<"$syms")
[ -n "$pcpu_start" ] && [ -n "$var_addr" ] || { echo "check-recording: $vmlinux lacks __per_cpu_start or $var" >&2; exit 2; }

"$root/bin/m2text" "$log" | awk -v full="$full" -v scope="$scope" -v var="$var" -v var_off_hex="$var_addr" -v pcpu_hex="$pcpu_start" -v var_size_hex="${var_size:-4}" -v fput_hex="${fput_addr:-0}" -v fput_size_hex="${fput_size:-0}" '
function hex(s,   i, c, v) { v = 0; s = tolower(s); for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)); v = v * 16 + c - 1 } return v }
# 64-bit addresses exceed awk doubles: keep the high and low halves apart (hex strings of 16 digits)
function hi(s) { return hex(substr(s, 1, 8)) }
function lo(s) { return hex(substr(s, 9, 8)) }
function pad(s) { while (length(s) < 16) s = "0" s; return s }
BEGIN { var_off = hex(var_off_hex) - hex(pcpu_hex); var_size = hex(var_size_hex); enabled = 0; sampled = 0
        fput_hi = hi(pad(fput_hex)); fput_lo = lo(pad(fput_hex)); fput_size = hex(fput_size_hex) }
$1 == "mac" { ncpus = $3 + 0; if ($9 + 0 > 1 || full) sampled = 1 }
$1 == "S" && $3 == "4" { base = pad($4); nseg++; seg_hi[nseg] = hi(base); seg_lo[nseg] = lo(base) }
$1 == "E" && $3 == "access_all_cpu" {
  mode = $5; enabled = (mode != "disable"); movement = (mode == "movement")
  last_mode = mode; if (enabled) { epoch++ }
  next
}
$1 == "C" {
  # C [cpu ts tid TID pc PC tag TAG depth D what]: a CPU runs the stack it started or resumed last
  w = $NF; sub(/\]$/, "", w); c = substr($2, 2) + 0
  kernel_stack[c] = (w == "start" || w == "resume") && hi(pad($7)) >= 4294934528
  if (kernel_stack[c]) kernel_stacks++
  # the call stacks: one per tag; done (or done_value, printed "(null)") ends the current one of the CPU
  if (w == "start") { depth[$9] = 0; cur[c] = $9 }
  else if (w == "resume") cur[c] = $9
  else if (w == "pause") cur[c] = ""
  else { t = cur[c]; if (t != "") { left_behind(t); while (depth[t] > 0) { onstack[t, frame[t, depth[t]]]--; depth[t]-- } } cur[c] = "" }
  next
}
# frames of stack t whose return address a frame below also holds: pushed again while never popped
function left_behind(t,   i, j) {
  for (i = 2; i <= depth[t]; i++) for (j = 1; j < i; j++) if (frame[t, j] == frame[t, i]) { leaked++; if (leaked <= 3) leak_example = leak_example " " frame[t, i]; break }
}
$1 == "L" {
  # L [cpu call|ret count TARGET RETURN]: a frame pushed on, or popped off, the CPU current stack
  c = substr($2, 2) + 0; t = cur[c]
  if (t == "") next
  if ($3 == "call") {
    r = $6; sub(/\]$/, "", r); pushes++
    if (onstack[t, r] > 0) repushed++
    depth[t]++; frame[t, depth[t]] = r; onstack[t, r]++
  } else if (depth[t] > 0) { onstack[t, frame[t, depth[t]]]--; depth[t]-- }
  next
}
$1 == "ld" || $1 == "st" {
  cpu = substr($2, 2) + 0; n_access++
  if (cpu >= ncpus) bad_cpu++
  if (!enabled) outside++
  pc_hi = hi(pad($5))
  if (pc_hi < 32768) { user_code++; if (kernel_stack[cpu]) { in_entry++; if (in_entry <= 3) entry_example = entry_example " " $0 } }
  if (fput_size > 0 && pc_hi == fput_hi) {
    d = lo(pad($5)) - fput_lo
    if (d >= 0 && d < fput_size) { fput_accesses++; if (!kernel_stack[cpu]) { fput_outside++; if (fput_outside <= 3) fput_example = fput_example " " $0 } }
  }
  if (scope == "user" && pc_hi >= 32768) { out_of_scope++; if (out_of_scope <= 3) scope_example = scope_example " " $0 }
  if (scope == "kernel" && pc_hi < 4294934528) { out_of_scope++; if (out_of_scope <= 3) scope_example = scope_example " " $0 }
  g = pad($9)
  # per-CPU copy hit?
  for (k = 1; k <= nseg; k++) {
    if (hi(g) == seg_hi[k]) { d = lo(g) - seg_lo[k] - var_off; if (d >= 0 && d < var_size) { hits[cpu, k]++; cpu_hits[cpu]++; total_hits++; break } }
  }
  if (movement && !sampled) {
    # line key: host (physical) address >> 6, per enable epoch (entering movement mode resets the caches)
    h = pad($7); key = substr(h, 1, 14) "." int(hex(substr(h, 15, 1)) / 4) ":" epoch
    sz = $10; sub(/b$/, "", sz)
    if ((hex(substr(h, 15, 2)) % 64) + sz > 64) {
      # a straddling access moves either line (the recorder logs it once, traffic if either moved):
      # it counts as an access to both and is not itself checked
      h2 = lo(h) + sz - 1; key2 = substr(h, 1, 8) sprintf("%08x", h2); key2 = substr(key2, 1, 14) "." int(hex(substr(key2, 15, 1)) / 4) ":" epoch
      last_cpu[key2] = cpu; last_op[key2] = $1
    } else if (key in last_cpu && last_cpu[key] == cpu && ($1 == "ld" || last_op[key] == "st")) {
      mv_bad++; if (mv_bad <= 3) mv_example = mv_example " " $0
    }
    last_cpu[key] = cpu; last_op[key] = $1; mv_checked++
  }
}
END {
  pass = 0; fail = 0
  if (ncpus > 0 && bad_cpu == 0) { pass++; print "ok: cpus: every access on a CPU below " ncpus } else { fail++; print "FAILED: cpus: " bad_cpu + 0 " accesses on a CPU >= " ncpus + 0 }
  if (n_access > 0 && outside == 0 && last_mode == "disable") { pass++; print "ok: bracket: " n_access " accesses, all while enabled; the log ends disabled" }
  else { fail++; print "FAILED: bracket: " n_access + 0 " accesses, " outside + 0 " while disabled, last record mode " (last_mode == "" ? "(none)" : last_mode) }
  worst = 1; shared = 0
  for (c = 0; c < ncpus; c++) {
    if (!(c in cpu_hits)) continue
    best = 0; bestk = 0
    for (k = 1; k <= nseg; k++) if (hits[c, k] > best) { best = hits[c, k]; bestk = k }
    f = best / cpu_hits[c]; if (f < worst) worst = f
    if (bestk in owner) shared++; owner[bestk] = c
    detail = detail sprintf(" cpu%d %d/%d", c, best, cpu_hits[c])
  }
  if (kernel_stacks > 0) {
    if (in_entry == 0) { pass++; print "ok: entries: none of " user_code + 0 " accesses of user code inside a kernel entry (system calls, page faults, interrupts: " kernel_stacks " stacks started or resumed)" }
    else { fail++; print "FAILED: entries: " in_entry " accesses of user code inside a kernel entry'"'"'s stack, e.g." entry_example }
  }
  if (kernel_stacks > 0 && fput_accesses > 0) {
    if (fput_outside == 0) { pass++; print "ok: taskwork: every access by __fput (" fput_accesses ") inside a kernel entry'"'"'s stack" }
    else { fail++; print "FAILED: taskwork: " fput_outside " of " fput_accesses " accesses by __fput outside every kernel entry'"'"'s stack (the way back to user mode left out of the system call?), e.g." fput_example }
  }
  if (pushes > 0) {
    for (t in depth) left_behind(t)
    if (leaked <= ncpus) { pass++; print "ok: calls: " pushes " frames pushed inside fcall stacks (" repushed + 0 " onto a stack already holding their return address), " leaked + 0 " left behind on a stack" }
    else { fail++; print "FAILED: calls: " leaked " frames left behind on their stacks (a return address held twice when a stack ended or at the end of the log; returns logged in another stack?), e.g. return addresses" leak_example }
  }
  if (scope != "all") {
    if (out_of_scope == 0) { pass++; print "ok: scope: every one of " n_access + 0 " accesses has a " scope "-half pc" }
    else { fail++; print "FAILED: scope: " out_of_scope " accesses with a pc outside the " scope " half, e.g." scope_example }
  }
  if (scope == "user") { }
  else if (total_hits > 0 && worst >= 0.99 && shared == 0) { pass++; printf "ok: percpu: %s accesses on the own copy:%s\n", var, detail }
  else { fail++; printf "FAILED: percpu: %d %s accesses; worst own-copy share %.1f %%, %d copies shared by CPUs:%s\n", total_hits, var, 100 * worst, shared, detail }
  if (mv_checked > 0) {
    if (mv_bad == 0) { pass++; print "ok: movement: " mv_checked " logged accesses follow the line-ownership rule" }
    else {
      fail++; print "FAILED: movement: " mv_bad " logged accesses a CPU could not have missed, e.g." mv_example
      # the log does not say it was recorded with --all; most of its accesses then fail this check
      if (mv_bad * 2 > mv_checked) print "  (" mv_bad " of " mv_checked ": a log recorded with mtrace-record --all logs every access; check it with --all)"
    }
  }
  print pass " passed, " fail " failed"
  exit fail > 0
}'
