#!/usr/bin/env python3
"""Physics of the report on a full trace: compare `mscan report --json` of a log recorded with every
access (`mtrace-record --all`) against the report of the same log refiltered (`mtrace-refilter`).

usage: scripts/check-full-trace-report.py FULL.json REFILTERED.json

The report runs the recorder's filter over a full trace, so both logs must give the same transfers:
the same summary counts (transfers, kernel and user, lines, shared lines) and the same ranked lines
with the same transfers, reads and writes per line and per CPU. The verdicts of the full trace see
more bytes (a CPU's accesses that moved no line, which the refiltered log does not hold;
docs/report.md, "verdict"), so each CPU's byte masks of a line in the full trace hold the refiltered
ones, and a line true in the refiltered log is true in the full trace. Prints one line (and the
first problems); exit 0 when all hold, 1 otherwise, 2 on bad usage.
"""
import json
import sys


def main(argv):
    if len(argv) != 3:
        print(next(l for l in __doc__.splitlines() if l.startswith('usage:')), file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        full = json.load(f)
    with open(argv[2]) as f:
        ref = json.load(f)
    problems = []
    for key in ('transfers', 'kernel_transfers', 'user_transfers', 'lines', 'shared_lines'):
        if full['summary'][key] != ref['summary'][key]:
            problems.append('summary %s: full trace %s, refiltered %s' % (key, full['summary'][key], ref['summary'][key]))
    if len(full['lines']) != len(ref['lines']):
        problems.append('ranked lines: full trace %d, refiltered %d' % (len(full['lines']), len(ref['lines'])))
    turned = 0
    for a, b in zip(full['lines'], ref['lines']):
        where = 'line rank %d (%s)' % (a['rank'], a['address'])
        if (a['address'], a['transfers'], a['reads'], a['writes']) != (b['address'], b['transfers'], b['reads'], b['writes']):
            problems.append('%s: full trace %s %d transfers, refiltered %s %d' % (where, a['address'], a['transfers'],
                                                                              b['address'], b['transfers']))
            continue
        cpus_a = {c['cpu']: c for c in a['cpus']}
        for c in b['cpus']:
            d = cpus_a.get(c['cpu'])
            if d is None or (d['reads'], d['writes']) != (c['reads'], c['writes']):
                problems.append('%s CPU %d: transfers differ' % (where, c['cpu']))
                continue
            for mask in ('read_mask', 'write_mask'):
                if int(c[mask], 16) & ~int(d[mask], 16):
                    problems.append('%s CPU %d: the full trace\'s %s %s lacks bytes of the refiltered %s'
                                    % (where, c['cpu'], mask, d[mask], c[mask]))
        if b['verdict'] == 'true' and a['verdict'] != 'true':
            problems.append('%s: true sharing refiltered, %s in the full trace' % (where, a['verdict']))
        turned += a['verdict'] != b['verdict']
    for p in problems[:10]:
        print('check-full-trace-report: ' + p)
    if problems:
        print('check-full-trace-report: FAILED: %d problems' % len(problems))
        return 1
    print('check-full-trace-report: ok: %d transfers, %d ranked lines alike; %d verdicts false -> true with every byte'
          % (full['summary']['transfers'], len(full['lines']), turned))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
