/* ringrift status page: reads the daemon's JSON API and draws plain SVG. No library, no build step.
   Data from the API is only ever put into the page as text (textContent), never as markup. */
(function () {
  'use strict';

  var LEVELS = ['Normal', 'Light', 'Moderate', 'Heavy', 'Critical'];
  var RESOURCES = ['cpu', 'memory', 'gpu', 'disk'];
  var KINDS = [['allow', 'ALLOW', '#2f855a'], ['resize', 'RESIZE', '#3b82c4'], ['defer', 'DEFER', '#c08401'],
               ['veto', 'VETO', '#b02a37'], ['evict', 'EVICT', '#6b2fb0']];
  var NODE_COLORS = ['#3b82c4', '#d9480f', '#2f855a', '#6b2fb0', '#c08401', '#0f7c8c', '#b02a37', '#4a5366'];
  var SVG = 'http://www.w3.org/2000/svg';

  var state = { window: '1h', historyNode: null, status: null, filters: {} };

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }

  function getJson(path) {
    return fetch(path, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) {
        return r.text().then(function (body) {
          var data = null;
          try { data = body ? JSON.parse(body) : null; } catch (e) { data = null; }
          if (!r.ok) {
            var msg = data && data.error ? data.error : r.status + ' ' + r.statusText;
            throw new Error(path + ': ' + msg);
          }
          return data;
        });
      });
  }

  function showError(err) {
    var p = $('error');
    if (err) { p.hidden = false; p.textContent = String(err.message || err); } else { p.hidden = true; }
  }

  function time(iso) {
    if (!iso) { return '-'; }
    return String(iso).replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, '');
  }

  function age(ms) {
    if (ms === null || ms === undefined) { return '-'; }
    return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
  }

  function row(tbody, cells) {
    var tr = el('tr');
    cells.forEach(function (c) {
      if (c instanceof Node) { var td = el('td'); td.appendChild(c); tr.appendChild(td); }
      else if (c && typeof c === 'object') { tr.appendChild(el('td', c.attrs, c.text)); }
      else { tr.appendChild(el('td', null, c === null || c === undefined ? '-' : c)); }
    });
    tbody.appendChild(tr);
    return tr;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  /* ---------- nodes ---------- */

  function renderNodes(nodes) {
    var list = $('node-list');
    clear(list);
    nodes.forEach(function (s) {
      var box = el('div', { 'class': 'node', id: 'node-' + s.node, 'data-node': s.node });
      var h = el('h3');
      h.appendChild(document.createTextNode(s.node + ' '));
      var lv = el('span', { 'class': 'level', id: 'level-' + s.node, 'data-level': String(s.level) },
        'level ' + s.level + ' ' + (LEVELS[s.level] || ''));
      h.appendChild(lv);
      if (s.fleetState && s.fleetState !== 'LIVE') {
        h.appendChild(el('span', { 'class': 'error node-state' }, ' ' + s.fleetState
          + (s.lostSince ? ' since ' + time(s.lostSince) : '')));
      } else if (s.stale) { h.appendChild(el('span', { 'class': 'error' }, ' readings stale')); }
      box.appendChild(h);
      box.appendChild(el('div', { 'class': 'why', id: 'why-' + s.node }, 'why: ' + (s.levelReason || '-')));
      box.appendChild(el('div', { 'class': 'tier' }, 'tier ' + s.tier + ', target ' + s.tierTargetPercent
        + ' % utilisation; readings taken ' + time(s.takenAt)));
      var t = el('table', { 'class': 'readings' });
      var head = el('tr');
      ['resource', 'used %', 'warn %', 'max %', 'ratio', 'state', 'source', 'age', 'detail'].forEach(function (x) {
        head.appendChild(el('th', null, x));
      });
      t.appendChild(el('thead')).appendChild(head);
      var body = t.appendChild(el('tbody'));
      (s.resources || []).forEach(function (r) {
        row(body, [r.resource, r.usedPercent, r.warnPercent, r.maxPercent, r.ratio,
          { text: r.state, attrs: { 'class': 'state-' + r.state } }, r.source, age(r.ageMs), r.detail]);
      });
      Object.keys(s.missing || {}).forEach(function (k) {
        row(body, [k, '-', '-', '-', '-', 'MISSING', '-', '-', s.missing[k]]);
      });
      box.appendChild(t);
      if (s.recommendations && s.recommendations.length) {
        box.appendChild(el('div', { 'class': 'muted' }, 'advice: ' + s.recommendations.join('; ')));
      }
      list.appendChild(box);
    });
  }

  function renderDeferrals(s) {
    var body = $('deferral-table').querySelector('tbody');
    clear(body);
    $('deferrals-note').textContent = s.pendingDeferralsUnknown
      ? s.pendingDeferralsUnknown
      : (s.pendingDeferrals.length + ' pending, read ' + time(s.pendingDeferralsReadAt));
    s.pendingDeferrals.forEach(function (d) {
      var link = d.dashboardLink ? el('a', { href: d.dashboardLink, target: '_blank', rel: 'noopener' }, 'job')
        : document.createTextNode(d.jobrunrId || '-');
      var tr = row(body, [d.job, d.priority, d.attempt, d.node, time(d.runAt), { text: d.reason, attrs: { 'class': 'reason' } }, link]);
      tr.setAttribute('data-job', d.job);
    });
  }

  function renderBreakers(s) {
    var body = $('breaker-table').querySelector('tbody');
    clear(body);
    var jobs = Object.keys(s.breakers || {});
    if (!jobs.length) { row(body, ['none yet', '-']); }
    jobs.sort().forEach(function (j) { row(body, [j, s.breakers[j]]); });
  }

  function renderLinks(s) {
    var links = $('links');
    clear(links);
    if (s.dashboardUrl) { links.appendChild(el('a', { href: s.dashboardUrl, target: '_blank', rel: 'noopener' }, 'JobRunr dashboard')); }
  }

  /* another node's heartbeat row (GET /api/fleet) shown like this node's status; its limits are this node's */
  function fromHeartbeat(n, local) {
    var hb = n.heartbeat || {};
    var resources = Object.keys(hb.readings || {}).map(function (k) {
      var r = hb.readings[k], lim = limitsOf(k) || { warn: null, max: null };
      var st = lim.max !== null && r.usedPercent >= lim.max ? 'OVER' : lim.warn !== null && r.usedPercent >= lim.warn ? 'WARN' : 'OK';
      return { resource: k, usedPercent: r.usedPercent, warnPercent: lim.warn, maxPercent: lim.max,
        ratio: lim.max ? Math.round(r.usedPercent / lim.max * 100) / 100 : null, state: st, source: r.source,
        ageMs: r.ageMs, detail: hb.host ? 'host ' + hb.host : '' };
    });
    return { node: n.node, level: hb.level, tier: hb.tier, tierTargetPercent: hb.tierTargetPercent,
      takenAt: hb.heartbeatAt, resources: resources, missing: {}, fleetState: n.state, lostSince: n.lostSince,
      levelReason: (hb.worstResource ? 'worst resource ' + hb.worstResource : 'nothing measured')
        + (hb.halted ? '; halted: ' + (hb.haltReason || '') : '') + '; ' + hb.pendingDeferrals
        + ' pending deferral(s), ' + hb.runningFires + ' running fire(s)' };
  }

  function refreshStatus() {
    return getJson('/api/status').then(function (s) {
      state.status = s;
      /* every node of the registry when this daemon serves /api/fleet, else this node */
      return getJson('/api/fleet').then(function (fleet) { return [s, fleet]; }, function () { return [s, null]; });
    }).then(function (both) {
      var s = both[0], fleet = both[1];
      var nodes = [s];
      ((fleet && fleet.nodes) || []).forEach(function (n) { if (n.node !== s.node) { nodes.push(fromHeartbeat(n, s)); } });
      renderNodes(nodes);
      renderDeferrals(s);
      renderBreakers(s);
      renderLinks(s);
      $('updated').textContent = 'updated ' + new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
      showError(null);
    });
  }

  /* ---------- plots ---------- */

  var W = 460, H = 150, L = 34, R = 8, T = 8, B = 20;

  function frame(title, x0, x1, yMax, yTicks, yFmt) {
    var box = el('div', { 'class': 'plot' });
    box.appendChild(el('h4', null, title));
    var s = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': title });
    var g = { svg: s, box: box,
      x: function (t) { return L + (t - x0) / Math.max(1, x1 - x0) * (W - L - R); },
      y: function (v) { return H - B - v / yMax * (H - T - B); } };
    yTicks.forEach(function (v) {
      s.appendChild(svg('line', { x1: L, x2: W - R, y1: g.y(v), y2: g.y(v), stroke: '#eef0f4' }));
      s.appendChild(svg('text', { x: L - 4, y: g.y(v) + 3, 'text-anchor': 'end' }, yFmt(v)));
    });
    for (var i = 0; i <= 4; i++) {
      var t = x0 + (x1 - x0) * i / 4;
      var d = new Date(t);
      var label = (x1 - x0) > 36 * 3600e3 ? d.toISOString().slice(5, 10) + ' ' + d.toISOString().slice(11, 16)
        : d.toISOString().slice(11, 16);
      s.appendChild(svg('text', { x: g.x(t), y: H - 6, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' }, label));
    }
    box.appendChild(s);
    return g;
  }

  function polyline(g, pts, color, opts) {
    opts = opts || {};
    if (!pts.length) { return; }
    var d = '';
    pts.forEach(function (p, i) {
      var x = g.x(p[0]).toFixed(1), y = g.y(p[1]).toFixed(1);
      if (i === 0) { d += 'M' + x + ' ' + y; }
      else if (opts.step) { d += ' H' + x + ' V' + y; }
      else { d += ' L' + x + ' ' + y; }
    });
    if (opts.step && opts.until) { d += ' H' + g.x(opts.until).toFixed(1); }
    var peak = pts.reduce(function (m, p) { return Math.max(m, p[1]); }, -Infinity);
    var attrs = { d: d, fill: 'none', stroke: color, 'stroke-width': opts.width || 1.5,
      'data-max': String(Math.round(peak * 10) / 10) };
    if (opts.dash) { attrs['stroke-dasharray'] = opts.dash; }
    if (opts.cls) { attrs['class'] = opts.cls; }
    g.svg.appendChild(svg('path', attrs));
    if (!opts.step && !opts.dash && pts.length < 30) {
      /* few points (a fresh node): mark each, a single point draws no line */
      pts.forEach(function (p) {
        g.svg.appendChild(svg('circle', { cx: g.x(p[0]).toFixed(1), cy: g.y(p[1]).toFixed(1), r: 2.5, fill: color }));
      });
    }
  }

  function hline(g, v, color, label, cls) {
    g.svg.appendChild(svg('line', { x1: L, x2: W - R, y1: g.y(v), y2: g.y(v), stroke: color,
      'stroke-dasharray': '4 3', 'class': cls }));
    g.svg.appendChild(svg('text', { x: W - R - 2, y: g.y(v) - 2, 'text-anchor': 'end', fill: color }, label));
  }

  function legend(box, items) {
    var div = el('div', { 'class': 'legend' });
    items.forEach(function (it) {
      var span = el('span');
      var i = el('i'); i.style.background = it[1];
      span.appendChild(i); span.appendChild(document.createTextNode(it[0]));
      div.appendChild(span);
    });
    box.appendChild(div);
  }

  function limitsOf(resource) {
    var s = state.status;
    var line = s && (s.resources || []).filter(function (r) { return r.resource === resource; })[0];
    return line ? { warn: line.warnPercent, max: line.maxPercent } : null;
  }

  function drawHistory(h) {
    var plots = $('plots');
    clear(plots);
    var now = Date.now();
    var x0 = Date.parse(h.since), x1 = h.until ? Date.parse(h.until) : now;
    var stepMs = h.stepMinutes * 60e3;
    var nodes = [];
    h.rows.forEach(function (r) { if (nodes.indexOf(r.nodeId) < 0) { nodes.push(r.nodeId); } });
    nodes.sort();
    var select = $('history-node');
    var chosen = state.historyNode || (state.status ? state.status.node : null);
    clear(select);
    var options = nodes.slice();
    if (chosen && options.indexOf(chosen) < 0 && chosen !== '*') { options.unshift(chosen); }
    options.forEach(function (n) { select.appendChild(el('option', { value: n }, n)); });
    select.appendChild(el('option', { value: '*' }, 'all nodes'));
    select.value = chosen || '*';
    var shown = select.value === '*' ? nodes : [select.value];
    var rows = h.rows.filter(function (r) { return shown.indexOf(r.nodeId) >= 0; });
    $('history-note').textContent = rows.length + ' point(s) of ' + h.stepMinutes + ' min since ' + time(h.since);
    var byNode = {};
    rows.forEach(function (r) { (byNode[r.nodeId] = byNode[r.nodeId] || []).push(r); });
    var color = function (n) { return shown.length === 1 ? '#3b82c4' : NODE_COLORS[nodes.indexOf(n) % NODE_COLORS.length]; };

    RESOURCES.forEach(function (res) {
      var g = frame(res + ' used %', x0, x1, 100, [0, 25, 50, 75, 100], function (v) { return v; });
      g.box.id = 'plot-' + res;
      var lim = limitsOf(res);
      if (lim) {
        hline(g, lim.warn, '#c08401', 'warn ' + lim.warn, 'warn-line');
        hline(g, lim.max, '#b02a37', 'max ' + lim.max, 'max-line');
      }
      var drawn = 0;
      Object.keys(byNode).forEach(function (n) {
        var pts = byNode[n].filter(function (r) { return r[res] && r[res].samples > 0; });
        polyline(g, pts.map(function (r) { return [Date.parse(r.minute) + stepMs / 2, r[res].avg]; }), color(n), { cls: 'avg' });
        polyline(g, pts.map(function (r) { return [Date.parse(r.minute) + stepMs / 2, r[res].max]; }), color(n),
          { dash: '2 2', width: 1, cls: 'max' });
        drawn += pts.length;
      });
      if (!drawn) { g.svg.appendChild(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no readings')); }
      legend(g.box, shown.length === 1 ? [['average', color(shown[0])], ['maximum (dotted)', color(shown[0])]]
        : shown.map(function (n) { return [n, color(n)]; }));
      plots.appendChild(g.box);
    });

    var lg = frame('level (highest per point)', x0, x1, 4, [0, 1, 2, 3, 4], function (v) { return v; });
    lg.box.id = 'plot-level';
    Object.keys(byNode).forEach(function (n) {
      polyline(lg, byNode[n].map(function (r) { return [Date.parse(r.minute), r.levelMax]; }), color(n),
        { step: true, until: Math.min(x1, Date.parse(byNode[n][byNode[n].length - 1].minute) + stepMs), cls: 'level-line' });
    });
    plots.appendChild(lg.box);

    var perMinute = {};
    rows.forEach(function (r) {
      var k = Date.parse(r.minute);
      var acc = perMinute[k] = perMinute[k] || { allow: 0, resize: 0, defer: 0, veto: 0, evict: 0 };
      KINDS.forEach(function (kind) { acc[kind[0]] += r.decisions[kind[0]] / h.stepMinutes; });
    });
    var peak = 1;
    Object.keys(perMinute).forEach(function (k) {
      var sum = 0; KINDS.forEach(function (kind) { sum += perMinute[k][kind[0]]; }); peak = Math.max(peak, sum);
    });
    var top = Math.ceil(peak);
    var dg = frame('decisions per minute', x0, x1, top, [0, top / 2, top], function (v) { return Math.round(v * 10) / 10; });
    dg.box.id = 'plot-decisions';
    Object.keys(perMinute).forEach(function (k) {
      var t = Number(k), y = 0;
      var bw = Math.max(1, dg.x(t + stepMs) - dg.x(t) - 1);
      KINDS.forEach(function (kind) {
        var v = perMinute[k][kind[0]];
        if (v > 0) {
          dg.svg.appendChild(svg('rect', { x: dg.x(t), y: dg.y(y + v), width: bw, height: dg.y(y) - dg.y(y + v),
            fill: kind[2], 'class': 'bar-' + kind[1] }, undefined));
          y += v;
        }
      });
    });
    legend(dg.box, KINDS.map(function (k) { return [k[1], k[2]]; }));
    plots.appendChild(dg.box);
  }

  function refreshHistory() {
    var q = '/api/history?since=' + encodeURIComponent(state.window);
    return getJson(q).then(drawHistory);
  }

  /* ---------- decisions ---------- */

  function outcomeText(o, d) {
    if (d.decision !== 'ALLOW' && d.decision !== 'RESIZE') { return { text: 'not run', cls: 'muted' }; }
    if (!o) { return { text: 'no outcome yet', cls: 'muted' }; }
    if (!o.finishedAt) { return { text: 'running', cls: '' }; }
    return o.success ? { text: 'ran, ok', cls: 'outcome-ok' }
      : { text: 'ran, failed' + (o.errorClass ? ': ' + o.errorClass.replace(/^.*\./, '') : '')
          + (o.errorMessage ? ' ' + o.errorMessage : ''), cls: 'outcome-failed' };
  }

  function refreshDecisions() {
    var params = [];
    Object.keys(state.filters).forEach(function (k) {
      if (state.filters[k]) { params.push(encodeURIComponent(k) + '=' + encodeURIComponent(state.filters[k])); }
    });
    return getJson('/api/decisions' + (params.length ? '?' + params.join('&') : '')).then(function (page) {
      var body = $('decision-table').querySelector('tbody');
      clear(body);
      page.rows.forEach(function (e) {
        var d = e.decision, o = e.outcome, out = outcomeText(o, d);
        var tr = row(body, [time(d.decidedAt), d.nodeId, d.jobName, d.priority,
          { text: d.decision, attrs: { 'class': 'decision-' + d.decision } }, d.reasonCode,
          d.level < 0 ? '?' : d.level, d.reason, { text: out.text, attrs: { 'class': out.cls } },
          o && o.finishedAt ? age(o.durationMs) : '-']);
        tr.setAttribute('data-job', d.jobName);
      });
      $('decisions-note').textContent = page.rows.length + ' decision(s), newest first'
        + (page.next ? '; more match: raise limit or narrow since' : '');
    });
  }

  /* ---------- wiring ---------- */

  function guarded(p) { return p.catch(showError); }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('button.window'), function (b) {
      b.addEventListener('click', function () {
        state.window = b.getAttribute('data-window');
        Array.prototype.forEach.call(document.querySelectorAll('button.window'), function (o) {
          o.classList.toggle('selected', o === b);
        });
        guarded(refreshHistory());
      });
    });
    $('history-node').addEventListener('change', function () {
      state.historyNode = $('history-node').value;
      guarded(refreshHistory());
    });
    $('decision-filters').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var f = {};
      Array.prototype.forEach.call(ev.target.querySelectorAll('input'), function (i) { f[i.name] = i.value.trim(); });
      state.filters = f;
      guarded(refreshDecisions());
    });
    guarded(refreshStatus().then(refreshHistory).then(refreshDecisions));
    setInterval(function () { guarded(refreshStatus()); }, 5000);
    setInterval(function () { guarded(refreshDecisions()); }, 10000);
    setInterval(function () { guarded(refreshHistory()); }, 10000);
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
}());
