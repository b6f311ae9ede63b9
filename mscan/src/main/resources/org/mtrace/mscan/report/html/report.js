// The contention report page: renders every table and plot from the embedded report document
// (schema version 1, docs/report.md). Plain DOM and hand-written SVG, no library: the plots are
// simple (lines, cells, bars), and the page must open offline and stay small.
'use strict';
(function () {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const COLOR = { read: '#2b8cbe', write: '#d7301f', both: '#8e3fa0', none: '#eeeeee',
                  trueSharing: '#c0392b', falseSharing: '#e6a23c' };

  // ---- small DOM helpers (text always goes in as text nodes: names in the document are data) ----
  function build(node, attrs, kids) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const kid of kids) {
      if (kid === undefined || kid === null || kid === false) continue;
      node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return node;
  }
  const el = (tag, attrs, ...kids) => build(document.createElement(tag), attrs, kids);
  const svg = (tag, attrs, ...kids) => build(document.createElementNS(SVG_NS, tag), attrs, kids);

  const num = n => (typeof n === 'number' ? n.toLocaleString('en-US') : n == null ? '' : String(n));
  const pct = x => (typeof x === 'number' ? (100 * x).toFixed(1) + '%' : '');
  const share = (part, whole) => (whole > 0 ? part / whole : 0);
  const cpuColor = (i, n) => 'hsl(' + Math.round((360 * i) / Math.max(n, 1)) + ',65%,45%)';

  function fail(message) {
    const box = document.getElementById('failure');
    box.hidden = false;
    box.append(el('p', {}, 'The report could not be shown completely: ' + message));
  }
  window.addEventListener('error', e => fail(e.message));

  // ---- byte masks: "0x..." strings, bit i = byte i of the line ----
  function maskBits(mask, lineSize) {
    const bits = new Array(lineSize).fill(false);
    let v;
    try { v = BigInt(mask || '0x0'); } catch (e) { return bits; }
    for (let i = 0; i < lineSize && v > 0n; i++, v >>= 1n) bits[i] = (v & 1n) === 1n;
    return bits;
  }
  function byteRanges(bits) {
    const out = [];
    for (let i = 0; i < bits.length; i++) {
      if (!bits[i]) continue;
      let j = i;
      while (j + 1 < bits.length && bits[j + 1]) j++;
      out.push(i === j ? String(i) : i + '\u2013' + j);
      i = j;
    }
    return out.length ? out.join(', ') : '\u2014';
  }

  // ---- sortable, filterable table with optional expandable detail rows ----
  // columns: { key, label, text (sort as text), value(row), cell(row) -> Node|string, cls }
  function dataTable(spec) {
    const columns = spec.columns;
    const open = new Set();
    let sortKey = null;
    let descending = true;
    const input = el('input', { type: 'search', class: 'filter', placeholder: 'filter (all words)',
                                'aria-label': 'filter ' + spec.title, oninput: render });
    const counter = el('span', { class: 'count' });
    const head = el('tr');
    if (spec.detail) head.append(el('th', { class: 'toggle' }));
    for (const c of columns) {
      head.append(el('th', { 'data-key': c.key, class: c.text ? 'sortable' : 'sortable num', title: 'sort by ' + c.label,
                             onclick: () => sortBy(c) }, c.label));
    }
    const body = el('tbody');
    const table = el('table', { id: spec.id, class: 'data' }, el('thead', {}, head), body);
    const searchText = new Map(spec.rows.map(r => [r, spec.search(r).toLowerCase()]));

    function value(c, r) { return c.value ? c.value(r) : r[c.key]; }
    function sortBy(c) {
      descending = sortKey === c.key ? !descending : !c.text;
      sortKey = c.key;
      for (const th of head.querySelectorAll('th[data-key]')) {
        th.removeAttribute('aria-sort');
        if (th.dataset.key === sortKey) th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      }
      render();
    }
    function ordered() {
      const words = input.value.toLowerCase().split(/\s+/).filter(w => w);
      const rows = spec.rows.filter(r => words.every(w => searchText.get(r).includes(w)));
      if (sortKey === null) return rows;
      const c = columns.find(x => x.key === sortKey);
      const sign = descending ? -1 : 1;
      // stable: ties keep the document's (ranked) order
      return rows.map((r, i) => [r, i]).sort((a, b) => {
        const x = value(c, a[0]), y = value(c, b[0]);
        if (x == null || y == null) return x == null && y == null ? a[1] - b[1] : x == null ? 1 : -1;
        const d = c.text ? String(x).localeCompare(String(y)) : x - y;
        return d !== 0 ? sign * d : a[1] - b[1];
      }).map(p => p[0]);
    }
    function render() {
      const rows = ordered();
      body.replaceChildren();
      for (const r of rows) {
        const tr = el('tr', { class: 'row' });
        if (spec.detail) {
          const button = el('button', { class: 'expand', 'aria-expanded': open.has(r) ? 'true' : 'false',
                                        title: 'show details', onclick: () => toggle(r) }, open.has(r) ? '\u25be' : '\u25b8');
          tr.append(el('td', { class: 'toggle' }, button));
        }
        for (const c of columns) {
          tr.append(el('td', { class: c.text ? c.cls : 'num ' + (c.cls || '') }, c.cell ? c.cell(r) : num(value(c, r))));
        }
        body.append(tr);
        if (spec.detail && open.has(r)) {
          body.append(el('tr', { class: 'detail' }, el('td', { colspan: columns.length + 1 }, spec.detail(r))));
        }
      }
      if (rows.length === 0) body.append(el('tr', { class: 'empty' }, el('td', { colspan: columns.length + 1 }, 'no rows')));
      counter.textContent = rows.length + ' of ' + spec.rows.length + ' rows';
    }
    function toggle(r) {
      if (open.has(r)) open.delete(r); else open.add(r);
      render();
    }
    render();
    const node = el('div', { class: 'table-block' },
                    el('div', { class: 'controls' }, input, counter), el('div', { class: 'scroll' }, table));
    return { node, open: r => { if (!open.has(r)) toggle(r); } };
  }

  function section(id, title, ...kids) {
    return el('section', { id }, el('h2', {}, title), ...kids);
  }
  function note(text) { return el('p', { class: 'note' }, text); }
  // who moved the lines of tasks' stacks (the sched entries say which task a CPU ran)
  function taskStacks(s) {
    const t = s.task_stacks || {};
    const share = n => pct(s.transfers ? n / s.transfers : 0);
    if (!t.own_task && !t.other_tasks && !t.exited_tasks) return t.transfers ? share(t.transfers) + ' (no sched entries: by which task unknown)' : '\u2014';
    const programs = (t.programs || []).slice(0, 5).map(p => p.program + ' ' + share(p.transfers) + ' (' + p.stacks
      + (p.stacks === 1 ? ' stack)' : ' stacks)'));
    return share(t.transfers) + ': by their own task ' + share(t.own_task) + ' (it migrated, or another task touched the line), by other tasks '
      + share(t.other_tasks)
      + (t.exited_tasks ? ', on exited tasks\' stacks ' + share(t.exited_tasks) + ' (freed stacks made ready for new tasks)' : '')
      + (t.unknown_task ? ', unknown ' + share(t.unknown_task) : '')
      + (programs.length ? '; by program: ' + programs.join(', ') : '');
  }

  // ---- summary and missing notes ----
  function summarySection(doc) {
    const s = doc.summary || {};
    const w = s.window || {};
    const f = doc.filters || {};
    const rows = [
      ['Entries', num(s.entries)], ['Accesses', num(s.accesses)], ['CPUs', num(s.cpus)],
      ['Recording modes', (s.modes || []).join(', ') || '\u2014'],
      ['Window', 'entries ' + num(w.first_entry) + ' \u2013 ' + num(w.last_entry)],
      ['Lines accessed', num(s.lines)], ['Shared lines', num(s.shared_lines)],
      ['Transfers', num(s.transfers) + ' (kernel ' + num(s.kernel_transfers) + ', user ' + num(s.user_transfers) + ')'],
      ['Transfers to typed addresses', pct(s.typed_share)],
      ['Typed, of kernel memory only (user and file data left out)', !s.data_transfers ? '\u2014'
        : s.data_transfers === s.transfers ? '\u2014 (every transfer was to user or file data)' : pct(s.object_typed_share)],
      ['Largest untyped', (s.untyped || []).map(u => u.what + ' ' + pct(s.transfers ? u.transfers / s.transfers : 0)).join(', ') || '\u2014'],
      ['Transfers on tasks\' stacks', taskStacks(s)],
      ['Line size', num((doc.input || {}).line_size) + ' bytes'],
      ['Filters', 'sort ' + f.sort + ', top ' + f.top + ', scope ' + f.scope +
        (f.struct ? ', struct ' + f.struct : '') + (f.function ? ', function ' + f.function : '') +
        (f.cpus ? ', CPUs ' + f.cpus.join(',') : '') +
        (f.syscalls ? ', only system calls ' + f.syscalls.join(',') : '') +
        (f.excluded_syscalls ? ', not system calls ' + f.excluded_syscalls.join(',') : '')]
    ];
    const dl = el('table', { id: 'summary-table', class: 'summary' },
                  el('tbody', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v)))));
    const missing = doc.missing || [];
    const notes = missing.length
      ? el('div', { id: 'missing', class: 'missing' }, el('h3', {}, 'What this report is missing'),
           el('ul', {}, ...missing.map(m => el('li', {}, m))))
      : el('p', { id: 'missing', class: 'complete' }, 'Nothing is missing from this report.');
    return section('summary', 'Summary', notes, dl);
  }

  // ---- cache lines ----
  function whatText(line) {
    // type.field as mscan report prints it: "" is the whole object, "[3].x" an array element
    const typeField = w => (!w.field ? w.type : w.field.startsWith('[') ? w.type + w.field : w.type + '.' + w.field);
    // each description once: accesses of two sizes at one field are two entries of the document
    return [...new Set((line.what || []).map(w => (w.form === 'typed' ? typeField(w) : w.text)))].join(', ');
  }
  function verdictBadge(v) { return el('span', { class: 'verdict verdict-' + v }, v === 'true' ? 'true sharing' : v === 'false' ? 'false sharing' : v); }

  function byteMap(line, lineSize) {
    const cpus = line.cpus || [];
    const cell = Math.max(4, Math.min(14, Math.floor(768 / lineSize)));
    const left = 64, top = 34, rowH = 16;
    const width = left + cell * lineSize + 10;
    const reads = cpus.map(c => maskBits(c.read_mask, lineSize));
    const writes = cpus.map(c => maskBits(c.write_mask, lineSize));
    // a byte makes the line truly shared when one CPU writes it and another CPU touches it
    const conflict = new Array(lineSize).fill(false);
    for (let a = 0; a < cpus.length; a++) {
      for (let b = 0; b < cpus.length; b++) {
        if (a === b) continue;
        for (let i = 0; i < lineSize; i++) if (writes[a][i] && (reads[b][i] || writes[b][i])) conflict[i] = true;
      }
    }
    const height = top + rowH * (cpus.length + 1) + 24;
    const g = svg('svg', { class: 'bytemap', width, height, viewBox: '0 0 ' + width + ' ' + height,
                           role: 'img', 'aria-label': 'bytes read and written per CPU' });
    for (let i = 0; i < lineSize; i += 8) {
      g.append(svg('text', { x: left + i * cell, y: 10, class: 'tick' }, String(i)));
    }
    (line.what || []).forEach((w, k) => {
      const x = left + w.offset * cell, wd = Math.max(1, w.size * cell);
      g.append(svg('rect', { x, y: 14, width: wd - 1, height: 14, class: 'field f' + (k % 2) },
                   svg('title', {}, w.text + ' (offset ' + w.offset + ', ' + w.size + ' bytes)')));
      const label = w.form === 'typed' ? (w.field || w.type) : w.text;
      if (wd > 30) g.append(svg('text', { x: x + 2, y: 25, class: 'flabel' }, label.length * 6 > wd ? label.slice(0, Math.floor(wd / 6) - 1) + '\u2026' : label));
    });
    cpus.forEach((c, r) => {
      const y = top + r * rowH;
      g.append(svg('text', { x: 0, y: y + 11, class: 'rowlabel' }, 'CPU ' + c.cpu));
      for (let i = 0; i < lineSize; i++) {
        const rd = reads[r][i], wr = writes[r][i];
        const kind = rd && wr ? 'both' : wr ? 'write' : rd ? 'read' : 'none';
        const rect = svg('rect', { x: left + i * cell, y, width: cell - 1, height: rowH - 2, fill: COLOR[kind],
                                   'data-cpu': c.cpu, 'data-byte': i, 'data-kind': kind });
        if (kind !== 'none') rect.append(svg('title', {}, 'CPU ' + c.cpu + ', byte ' + i + ': ' + (kind === 'both' ? 'read and written' : kind === 'write' ? 'written' : 'read')));
        g.append(rect);
      }
    });
    const yc = top + cpus.length * rowH;
    g.append(svg('text', { x: 0, y: yc + 11, class: 'rowlabel' }, 'shared'));
    for (let i = 0; i < lineSize; i++) {
      if (conflict[i]) g.append(svg('rect', { x: left + i * cell, y: yc, width: cell - 1, height: rowH - 2, class: 'conflict', 'data-byte': i },
                                    svg('title', {}, 'byte ' + i + ': written by one CPU, accessed by another')));
    }
    const legend = [['read', 'read'], ['write', 'written'], ['both', 'read and written']];
    let lx = left;
    for (const [k, label] of legend) {
      g.append(svg('rect', { x: lx, y: yc + rowH + 4, width: 10, height: 10, fill: COLOR[k] }));
      g.append(svg('text', { x: lx + 14, y: yc + rowH + 13, class: 'tick' }, label));
      lx += 24 + label.length * 6;
    }
    g.append(svg('rect', { x: lx, y: yc + rowH + 4, width: 10, height: 10, class: 'conflict' }));
    g.append(svg('text', { x: lx + 14, y: yc + rowH + 13, class: 'tick' }, 'byte shared by a writer (true sharing)'));
    return g;
  }

  function siteList(sites) {
    if (!sites || !sites.length) return '\u2014';
    return el('ul', { class: 'sites' }, ...sites.map(s => el('li', {},
      el('span', { class: 'fn' }, s.function || s.pc), s.source ? ' at ' + s.source : '',
      s.function ? el('span', { class: 'pc' }, ' ' + s.pc) : '',
      ' \u00d7' + num(s.transfers),
      (s.inlined && s.inlined.length)
        ? el('div', { class: 'inlined' }, 'inline chain: ' + s.inlined.join(' \u203a ')) : '',
      ...(s.stacks || []).map(st => el('div', { class: 'stack', title: (st.callers || []).map(f => f.at).join('\n') },
        '\u00d7' + num(st.transfers) + ' called from ' + (st.callers || []).map(f => f.function).join(' \u203a '))),
      unstackedNote(s))));
  }

  // in a log with call entries, a site's or function's transfers under no call stack
  function unstackedNote(r) {
    return r.unstacked_transfers
      ? el('div', { class: 'stack' }, '\u00d7' + num(r.unstacked_transfers) + ' no call stack (outside traced system calls, '
        + 'interrupts, kernel threads)') : '';
  }

  function lineDetail(line, lineSize) {
    const cpuRows = (line.cpus || []).map(c => el('tr', {},
      el('td', { class: 'num' }, c.cpu), el('td', { class: 'num' }, num(c.transfers)),
      el('td', { class: 'num' }, num(c.reads)), el('td', { class: 'num' }, num(c.writes)),
      el('td', {}, byteRanges(maskBits(c.read_mask, lineSize))), el('td', {}, byteRanges(maskBits(c.write_mask, lineSize)))));
    const cpuTable = el('table', { class: 'data inner cpus' },
      el('thead', {}, el('tr', {}, ...['CPU', 'transfers', 'reads', 'writes', 'bytes read', 'bytes written'].map(h => el('th', {}, h)))),
      el('tbody', {}, ...cpuRows));
    const offRows = (line.offsets || []).map(o => el('tr', {},
      el('td', { class: 'num' }, '+' + o.offset), el('td', { class: 'num' }, o.size), el('td', {}, o.field || '\u2014'),
      el('td', { class: 'num' }, num(o.transfers)), el('td', { class: 'num' }, num(o.reads)), el('td', { class: 'num' }, num(o.writes)),
      el('td', {}, o.verdict ? verdictBadge(o.verdict) : '\u2014'),
      el('td', {}, (o.cpus || []).join(', ')), el('td', {}, siteList(o.sites)),
      el('td', {}, (o.syscalls || []).map(s => s.syscall + ' \u00d7' + num(s.transfers)).join(', ') || '\u2014')));
    const offTable = el('table', { class: 'data inner offsets' },
      el('thead', {}, el('tr', {}, ...['offset', 'size', 'field', 'transfers', 'reads', 'writes', 'its bytes', 'CPUs', 'code sites', 'system calls'].map(h => el('th', {}, h)))),
      el('tbody', {}, ...offRows));
    return el('div', { class: 'line-detail' },
      el('h4', {}, 'Bytes of the line by CPU'), byteMap(line, lineSize),
      el('h4', {}, 'CPUs'), cpuTable, el('h4', {}, 'Offsets'), offTable);
  }

  function linesSection(doc) {
    const lineSize = (doc.input || {}).line_size || 64;
    const total = (doc.summary || {}).transfers || 0;
    const lines = doc.lines || [];
    const table = dataTable({
      id: 'lines-table', title: 'cache lines', rows: lines,
      search: l => [l.address, l.space, 'verdict:' + l.verdict, l.verdict === 'true' ? 'true-sharing' : 'false-sharing',
                    ...(l.what || []).map(w => w.text + ' ' + (w.type || '') + '.' + (w.field || '')),
                    ...(l.offsets || []).flatMap(o => [...(o.sites || []).map(s => (s.function || '') + ' ' + (s.source || '') + ' ' + (s.inlined || []).join(' ') + ' ' +
                                                           (s.stacks || []).flatMap(st => (st.callers || []).map(f => f.function)).join(' ')),
                                                       ...(o.syscalls || []).map(s => s.syscall)])].join(' '),
      columns: [
        { key: 'rank', label: '#' },
        { key: 'address', label: 'line', text: true, cls: 'mono', value: l => l.address, cell: l => l.address },
        { key: 'space', label: 'space', text: true },
        { key: 'what', label: 'what lives there', text: true, value: whatText, cell: whatText, cls: 'what' },
        { key: 'transfers', label: 'transfers' },
        { key: 'share', label: 'share', value: l => share(l.transfers, total), cell: l => pct(share(l.transfers, total)) },
        { key: 'reads', label: 'reads' }, { key: 'writes', label: 'writes' },
        { key: 'reader_cpus', label: 'reader CPUs' }, { key: 'writer_cpus', label: 'writer CPUs' },
        { key: 'verdict', label: 'verdict', text: true, cell: l => verdictBadge(l.verdict) }
      ],
      detail: l => lineDetail(l, lineSize)
    });
    linesTable = table;
    const s = doc.summary || {};
    const filtered = s.admitted_lines !== undefined && s.admitted_lines !== s.shared_lines;
    const from = filtered ? num(s.admitted_lines) + ' shared lines the struct and function filters admit (of ' + num(s.shared_lines) + ')'
                          : num(s.shared_lines) + ' shared lines';
    if (!lines.length) {
      return section('lines', 'Cache lines ranked by ' + ((doc.filters || {}).sort || 'transfers'),
        note('No cache line to rank: ' + (s.shared_lines ? 'the filters admit no shared line'
                                                          : 'no line moved between CPUs') + ' (see what is missing).'),
        table.node);
    }
    return section('lines', 'Cache lines ranked by ' + ((doc.filters || {}).sort || 'transfers'),
      note('The top ' + num(lines.length) + ' of ' + from + '. Each line is an aligned block of ' + lineSize + ' bytes. Verdict "true": a byte written by one CPU is read or ' +
           'written by another; "false": the CPUs use disjoint bytes of the line. Click a column to sort, \u25b8 for the offsets, code and bytes.'),
      table.node);
  }
  let linesTable = null;

  // ---- plots ----
  function axisTicks(max, count, integer) {
    if (max <= 0) return [0];
    const raw = max / count, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = Math.max(integer ? 1 : 0, [1, 2, 5, 10].map(m => m * mag).find(s => s >= raw));
    const ticks = [];
    for (let v = 0; v <= max + 1e-9; v += step) ticks.push(v);
    return ticks;
  }

  function timeline(doc) {
    const t = doc.timeline || {};
    const series = t.cpus || [];
    const cpuIds = series.map((_, i) => i);
    const buckets = Math.max(0, ...series.map(s => s.length));
    if (!buckets) return note('No timeline in this document.');
    const W = 900, H = 260, L = 56, R = 12, T = 10, B = 36;
    const max = Math.max(1, ...series.map(s => Math.max(0, ...s)));
    const x = i => L + (buckets === 1 ? 0 : (i * (W - L - R)) / (buckets - 1));
    const y = v => T + (H - T - B) * (1 - v / max);
    const g = svg('svg', { id: 'timeline', class: 'plot', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H,
                           role: 'img', 'aria-label': 'transfers over time per CPU' });
    for (const v of axisTicks(max, 4)) {
      g.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }));
      g.append(svg('text', { x: L - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, num(v)));
    }
    const first = t.first_entry || 0; // bucket 0's first entry (documents before it: entry 0)
    for (const i of axisTicks(buckets - 1, 6, true)) {
      g.append(svg('text', { x: x(i), y: H - B + 16, class: 'tick', 'text-anchor': 'middle' }, num(first + i * (t.bucket_entries || 1))));
    }
    g.append(svg('text', { x: (L + W - R) / 2, y: H - 4, class: 'axis', 'text-anchor': 'middle' },
                 'log entry (buckets of ' + num(t.bucket_entries) + ' entries)'));
    g.append(svg('text', { x: 12, y: (T + H - B) / 2, class: 'axis', 'text-anchor': 'middle',
                           transform: 'rotate(-90 12 ' + (T + H - B) / 2 + ')' }, 'transfers'));
    series.forEach((s, c) => {
      const pts = s.map((v, i) => x(i).toFixed(1) + ',' + y(v).toFixed(1)).join(' ');
      g.append(svg('polyline', { points: pts, fill: 'none', stroke: cpuColor(c, series.length), 'stroke-width': 1.5, 'data-cpu': c },
                   svg('title', {}, 'CPU ' + c + ': ' + num(s.reduce((a, b) => a + b, 0)) + ' transfers')));
    });
    const legend = el('div', { class: 'legend' }, ...cpuIds.map(c =>
      el('span', {}, el('i', { style: 'background:' + cpuColor(c, series.length) }), 'CPU ' + c)));
    return el('figure', {}, g, legend, el('figcaption', {}, 'Transfers over time, one curve per CPU.'));
  }

  function heatColor(v, max) {
    if (v <= 0) return '#f7f7f7';
    const t = Math.sqrt(v / max); // square root: a few hot lines should not wash out the rest
    return 'hsl(8,' + Math.round(40 + 45 * t) + '%,' + Math.round(92 - 55 * t) + '%)';
  }

  function heatmap(doc) {
    const h = doc.heatmap || {};
    const lines = h.lines || [], cpus = h.cpus || [], cells = h.transfers || [];
    if (!lines.length || !cpus.length) return note('No heat map in this document.');
    const byAddress = new Map((doc.lines || []).map(l => [l.address, l]));
    const cw = Math.max(8, Math.min(36, Math.floor(620 / cpus.length))), ch = 18, L = 360, T = 22;
    const W = L + cw * cpus.length + 10, H = T + ch * lines.length + 6;
    const max = Math.max(1, ...cells.map(r => Math.max(0, ...r)));
    const g = svg('svg', { id: 'heatmap', class: 'plot', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H,
                           role: 'img', 'aria-label': 'transfers per line and CPU' });
    cpus.forEach((c, j) => {
      if (cw >= 18 || j % Math.ceil(18 / cw) === 0) g.append(svg('text', { x: L + j * cw + cw / 2, y: 14, class: 'tick', 'text-anchor': 'middle' }, String(c)));
    });
    lines.forEach((a, i) => {
      const line = byAddress.get(a);
      const label = a + (line ? '  ' + whatText(line) : '');
      // 11px monospace is about 6.6px a character: 53 fit left of the cells (L), the whole label in the tooltip
      const text = svg('text', { x: 0, y: T + i * ch + 13, class: 'rowlabel mono' + (line ? ' link' : '') },
                       label.length > 53 ? label.slice(0, 52) + '\u2026' : label, svg('title', {}, label));
      if (line) text.addEventListener('click', () => { linesTable.open(line); document.getElementById('lines').scrollIntoView(); });
      g.append(text);
      cpus.forEach((c, j) => {
        const v = (cells[i] || [])[j] || 0;
        g.append(svg('rect', { x: L + j * cw, y: T + i * ch, width: cw - 1, height: ch - 1, fill: heatColor(v, max),
                               'data-line': a, 'data-cpu': c, 'data-transfers': v },
                     svg('title', {}, a + ', CPU ' + c + ': ' + num(v) + ' transfers')));
        if (cw >= 28 && v > 0) g.append(svg('text', { x: L + j * cw + cw / 2, y: T + i * ch + 13, class: 'cellvalue', 'text-anchor': 'middle' }, num(v)));
      });
    });
    return el('figure', {}, g, el('figcaption', {}, 'Transfers per line (rows, ranked) and CPU (columns); click a line to open it in the table.'));
  }

  function typeBars(doc) {
    const types = (doc.types || []).slice(0, 30);
    if (!types.length) return note('No data types in this document (see what is missing).');
    const L = 200, W = 900, bh = 18, T = 4, H = T + types.length * (bh + 4) + 28;
    const max = Math.max(1, ...types.map(t => t.transfers));
    const scale = v => ((W - L - 90) * v) / max;
    const g = svg('svg', { id: 'type-bars', class: 'plot', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H,
                           role: 'img', 'aria-label': 'transfers per data type' });
    types.forEach((t, i) => {
      const y = T + i * (bh + 4);
      g.append(svg('text', { x: L - 6, y: y + 13, class: 'rowlabel', 'text-anchor': 'end' }, t.type));
      const wt = scale(t.true_transfers || 0), wf = scale(t.false_transfers || 0);
      g.append(svg('rect', { x: L, y, width: wt, height: bh, fill: COLOR.trueSharing, class: 'bar-true' },
                   svg('title', {}, t.type + ': ' + num(t.true_transfers) + ' true-sharing transfers')));
      g.append(svg('rect', { x: L + wt, y, width: wf, height: bh, fill: COLOR.falseSharing, class: 'bar-false' },
                   svg('title', {}, t.type + ': ' + num(t.false_transfers) + ' false-sharing transfers')));
      g.append(svg('text', { x: L + scale(t.transfers) + 6, y: y + 13, class: 'tick' }, num(t.transfers)));
    });
    const ly = H - 14;
    g.append(svg('rect', { x: L, y: ly - 9, width: 10, height: 10, fill: COLOR.trueSharing }));
    g.append(svg('text', { x: L + 14, y: ly, class: 'tick' }, 'true sharing'));
    g.append(svg('rect', { x: L + 110, y: ly - 9, width: 10, height: 10, fill: COLOR.falseSharing }));
    g.append(svg('text', { x: L + 124, y: ly, class: 'tick' }, 'false sharing'));
    return el('figure', {}, g, el('figcaption', {}, 'Transfers per struct type, split into true and false sharing.'));
  }

  function plotsSection(doc) {
    return section('plots', 'Plots',
      el('h3', {}, 'Transfers over time'), timeline(doc),
      el('h3', {}, 'Top lines \u00d7 CPUs'), heatmap(doc),
      el('h3', {}, 'Data types'), typeBars(doc),
      note('The byte map of each line (which CPU reads and writes which bytes) is in its details in the cache-line table.'));
  }

  // ---- data profile ----
  function layoutTable(type, lineSize) {
    const members = type.layout || [];
    const max = Math.max(1, ...members.map(m => m.transfers || 0));
    const rows = [];
    let end = 0;
    for (const m of members) {
      if (m.offset > end) {
        rows.push(el('tr', { class: 'hole' }, el('td', { colspan: 4 }, '/* XXX ' + (m.offset - end) + ' bytes hole */')));
      }
      if (m.line_start && m.offset > 0) {
        const boundary = Math.floor(m.offset / lineSize) * lineSize;
        const ago = m.offset - boundary;
        rows.push(el('tr', { class: 'boundary' }, el('td', { colspan: 4 },
          '/* --- cacheline ' + boundary / lineSize + ' boundary (' + boundary + ' bytes)' + (ago ? ' was ' + ago + ' bytes ago' : '') + ' --- */')));
      }
      const straddles = (m.offset % lineSize) + m.size > lineSize;
      const hot = m.transfers || 0;
      rows.push(el('tr', { class: 'member' + (hot ? ' hot' : '') },
        // a bit-field as pahole shows it: its width after the name, offset:bit
        el('td', { class: 'decl' }, '\u00a0\u00a0\u00a0\u00a0' + m.type + ' ' + m.name + (m.bit_size ? ':' + m.bit_size : '') + ';'),
        el('td', { class: 'off' }, '/* ' + (m.bit_size ? m.offset + ':' + m.bit : String(m.offset)).padStart(7) + ' ' + String(m.size).padStart(5) + ' */' + (straddles ? ' /* crosses a line boundary */' : '')),
        el('td', { class: 'num' }, hot ? num(hot) : ''),
        el('td', { class: 'heat' }, hot ? el('span', { class: 'heatbar', style: 'width:' + Math.max(2, Math.round(120 * hot / max)) + 'px' }) : '')));
      end = Math.max(end, m.offset + m.size);
    }
    // an array variable of structs is laid out as one element, every element's transfers folded in
    const size = type.element_size || type.size;
    if (size > end) rows.push(el('tr', { class: 'hole' }, el('td', { colspan: 4 }, '/* XXX ' + (size - end) + ' bytes padding */')));
    // a static or per-CPU variable's row is named after the variable and laid out as its type
    const decl = type.variable_type ? type.variable_type + ' { /* ' + type.type + ' */' : 'struct ' + type.type + ' {';
    const head = el('tr', {}, el('td', { class: 'decl' }, decl), el('td', { class: 'off' }, '/* offset  size */'),
                    el('td', { class: 'num' }, 'transfers'), el('td'));
    const foot = el('tr', {}, el('td', { colspan: 4 }, '}; /* size: ' + size + ', cachelines: ' + Math.ceil(size / lineSize) + ' */'
      + (type.element_size ? ' /* one element of ' + type.variable_type + ', every element\'s transfers */' : '')));
    return el('table', { class: 'layout' }, el('tbody', {}, head, ...rows, foot));
  }

  function typeDetail(t, lineSize) {
    const fields = dataTable({
      id: null, title: 'fields of ' + t.type, rows: t.fields || [], search: f => f.field,
      columns: [
        { key: 'field', label: 'field', text: true, cls: 'mono' }, { key: 'offset', label: 'offset' }, { key: 'size', label: 'size' },
        { key: 'transfers', label: 'transfers' }, { key: 'true_transfers', label: 'true' }, { key: 'false_transfers', label: 'false' }
      ]
    });
    const labels = (t.labels || []).map(c => c.label + ' ' + c.transfers.toLocaleString('en-US')).join(', ');
    const away = t.labelled_elsewhere || { transfers: 0, objects: 0 };
    return el('div', { class: 'type-detail' },
              ...(labels ? [note('Of objects labelled ' + labels + ' (type inferred from the allocation site or the accessing code).')] : []),
              ...(away.transfers ? [note('Not counted here: ' + away.transfers.toLocaleString('en-US') + ' transfers of '
                  + away.objects.toLocaleString('en-US') + (away.objects === 1 ? ' object' : ' objects') + ' labelled ' + t.type
                  + ' but of another type (a merged slab cache: SLUB named it after its first user).')] : []),
              el('h4', {}, 'Fields'), fields.node,
              el('h4', {}, 'Layout (pahole style) with transfers per member'), layoutTable(t, lineSize));
  }

  function typesSection(doc) {
    const lineSize = (doc.input || {}).line_size || 64;
    const types = doc.types || [];
    const table = dataTable({
      id: 'types-table', title: 'data types', rows: types,
      search: t => t.type + ' ' + (t.fields || []).map(f => f.field).join(' '),
      columns: [
        { key: 'type', label: 'type', text: true, cls: 'mono' }, { key: 'size', label: 'size' },
        { key: 'transfers', label: 'transfers' }, { key: 'true_transfers', label: 'true sharing' },
        { key: 'false_transfers', label: 'false sharing' },
        { key: 'true_share', label: 'true share', value: t => share(t.true_transfers, t.transfers), cell: t => pct(share(t.true_transfers, t.transfers)) },
        { key: 'lines', label: 'lines' }, { key: 'objects', label: 'objects' }
      ],
      detail: t => typeDetail(t, lineSize)
    });
    return section('types', 'Data profile by type',
      note('Struct types ranked by the transfers to their objects; \u25b8 shows the fields and the layout with ' + lineSize + '-byte line boundaries.'),
      table.node);
  }

  // ---- code profile ----
  function codeSection(doc) {
    const total = (doc.summary || {}).transfers || 0;
    const shareColumn = { key: 'share', label: 'share', value: r => share(r.transfers, total), cell: r => pct(share(r.transfers, total)) };
    // a function's call stacks (logs recorded with --calls), the busiest first: callers innermost first
    const callersText = f => (f.stacks || []).length ? (f.stacks[0].callers || []).map(c => c.function).join(' \u203a ') : '';
    const callersCell = f => (f.stacks || []).length
      ? el('div', {}, ...f.stacks.map(st => el('div', { class: 'stack', title: (st.callers || []).map(c => c.at).join('\n') },
          '\u00d7' + num(st.transfers) + ' ' + (st.callers || []).map(c => c.function).join(' \u203a '))), unstackedNote(f))
      : '';
    // a user-space PC's row has no source: the program that ran it, where the log names it
    const sourceText = f => f.source || (!f.program ? '' : f.program === 'several programs'
      ? '(user-space code, several programs)' : '(user-space code of ' + f.program + ')');
    const functionTable = (id, title, rows, nameKey) => dataTable({
      id: id, title: title, rows: rows || [], search: f => f[nameKey] + ' ' + sourceText(f) + ' ' + callersText(f),
      columns: [{ key: nameKey, label: 'function', text: true, cls: 'mono' },
                { key: 'source', label: 'source', text: true, cls: 'mono', value: sourceText, cell: sourceText },
                { key: 'transfers', label: 'transfers' }, shareColumn, { key: 'lines', label: 'lines' },
                ...((rows || []).some(f => (f.stacks || []).length)
                  ? [{ key: 'stacks', label: 'called from', text: true, value: callersText, cell: callersCell }] : [])]
    });
    const symbols = functionTable('symbols-table', 'functions (out-of-line)', doc.symbols, 'symbol');
    const functions = functionTable('functions-table', 'innermost functions', doc.functions, 'function');
    const syscalls = dataTable({
      id: 'syscalls-table', title: 'system calls', rows: doc.syscalls || [], search: s => s.syscall,
      columns: [{ key: 'syscall', label: 'system call', text: true, cls: 'mono' },
                { key: 'transfers', label: 'transfers' }, shareColumn, { key: 'lines', label: 'lines' }]
    });
    return section('code', 'Code profile',
      el('h3', {}, 'Functions (out-of-line, inlined code included: perf\'s symbols)'), symbols.node,
      el('h3', {}, 'Innermost functions (inlined ones on their own)'), functions.node,
      el('h3', {}, 'System calls (also interrupts, softirqs, page faults and kernel threads, each under its entry function)'), syscalls.node,
      ...(doc.summary.outside_syscalls || []).map(o => note('In no system call or interrupt, ' + o.what
        + (o.where ? ' (' + o.where + ')' : '') + ': ' + num(o.transfers)
        + ' transfers (' + pct(o.transfers / Math.max(1, doc.summary.transfers)) + ' of all) on ' + num(o.lines) + ' lines.')));
  }

  function main() {
    let doc;
    try {
      doc = JSON.parse(document.getElementById('report-data').textContent);
    } catch (e) {
      fail('the embedded report document is not valid JSON (' + e.message + ')');
      return;
    }
    if (!doc || doc.schema !== 'mtrace-report' || doc.version !== 1) {
      fail('this page shows schema "mtrace-report" version 1; the document is ' + (doc && doc.schema) + ' version ' + (doc && doc.version));
      return;
    }
    const input = doc.input || {};
    document.getElementById('source').textContent =
      (input.log || '?') + (input.kernel ? ' with kernel ' + input.kernel : ' (no kernel ELF)') + ' \u2014 ' + (doc.tool || '');
    document.title = 'mscan report: ' + (input.log || '');
    document.getElementById('report').append(summarySection(doc), linesSection(doc), plotsSection(doc), typesSection(doc), codeSection(doc));
    document.body.dataset.rendered = 'true';
  }
  main();
})();
