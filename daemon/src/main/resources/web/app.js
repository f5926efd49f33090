// bgpsentry status page (docs/operators-guide.md "The status page"). Reads the daemon's API, follows GET /api/v1/events.
// Every text from the registry, peers or alerts goes into the page as text nodes, never as HTML.
'use strict';

(() => {
  const ALERT_TYPES = [
    'origin_hijack', 'subprefix_hijack', 'more_specific', 'path_hijack', 'rpki_invalid', 'route_leak',
    'suboptimal_path', 'community_missing', 'visibility_loss', 'as_path_anomaly', 'peer_down', 'latency_degraded',
  ];
  const WINDOWS = ['6h', '12h', '1d', '7d', '30d'];
  const WINDOW_MS = { '6h': 6 * 3600e3, '12h': 12 * 3600e3, '1d': 864e5, '7d': 7 * 864e5, '30d': 30 * 864e5 };
  const SOURCE_NAMES = { ris_live: 'RIS Live' };
  const FEED_MAX = 50;
  const ROUTES_SHOWN = 500; // a page of cards, not a full table

  const state = {
    peers: [],
    routers: null, // null: the daemon has no /api/v1/routers
    sources: [], // [{source, up, messages}] from bgpsentry_source_* in /metrics
    prefixes: [],
    alerts: new Map(), // id -> alert
    feed: [], // newest first
    loadError: null,
  };
  const main = document.getElementById('main');
  const live = document.getElementById('live');
  let view = null; // {name, render()}

  // ---- DOM helpers: text only ----

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    append(e, children);
    return e;
  }

  function append(e, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : String(c)); // a string becomes a Text node
    }
    return e;
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    append(e, children);
    return e;
  }

  /** A table whose cells carry their column's label (the phone layout shows it). */
  function table(id, columns, rows, rowAttrs) {
    const head = el('tr', null, columns.map((c) => el('th', { scope: 'col' }, c.label)));
    const body = el('tbody');
    for (const r of rows) {
      const tr = el('tr', rowAttrs ? rowAttrs(r) : null);
      // One child per cell: the phone layout puts the label and the value side by side.
      for (const c of columns) tr.append(el('td', { 'data-label': c.label, class: c.cls }, el('div', null, c.cell(r))));
      body.append(tr);
    }
    return el('table', { id }, el('thead', null, head), body);
  }

  // ---- formatting ----

  function utc(iso) {
    const d = new Date(iso);
    if (isNaN(d)) return String(iso);
    return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC');
  }

  function age(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + ' s ago';
    const m = Math.floor(s / 60);
    if (m < 60) return m + ' min ago';
    const h = Math.floor(m / 60);
    if (h < 48) return h + ' h ' + (m % 60) + ' min ago';
    return Math.floor(h / 24) + ' d ago';
  }

  /** UTC time and its age, the age kept current by a timer. */
  function when(iso) {
    if (!iso) return el('span', { class: 'muted' }, '\u2014');
    return el('span', null,
      el('time', { datetime: iso }, utc(iso)), ' ',
      el('span', { class: 'age', 'data-t': iso }, '(' + age(Date.now() - Date.parse(iso)) + ')'));
  }

  function duration(s) {
    if (!s) return '\u2014';
    if (s < 60) return s + ' s';
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    return (d ? d + ' d ' : '') + (d || h ? h + ' h ' : '') + m + ' min';
  }

  const path = (p) => (p && p.length ? el('span', { class: 'path' }, p.join(' ')) : el('span', { class: 'muted' }, '\u2014'));
  const sev = (s) => el('span', { class: 'sev sev-' + s }, s);
  const status = (s) => el('span', { class: 'status status-' + s }, s);
  const prefixLink = (p) => (p ? el('a', { href: '#/prefix/' + p }, p) : '');
  function peerState(s) {
    const cls = s === 'established' || s === 'up' ? 'state-ok' : s === 'idle' || s === 'down' || s === 'removed' ? 'state-bad' : 'state-warn';
    return el('span', { class: 'state ' + cls }, s || 'unknown');
  }
  const num = (n) => (n === null || n === undefined ? '\u2014' : Number(n).toLocaleString('en-US'));

  // ---- data ----

  async function getJson(url) {
    const r = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    let body = null;
    try {
      body = await r.json();
    } catch (e) {
      body = null;
    }
    return { status: r.status, ok: r.ok, body };
  }

  let routersMissing = false;

  async function loadPeers() {
    const r = await getJson('api/v1/peers');
    if (r.ok) state.peers = r.body.peers || [];
    if (routersMissing) return;
    const b = await getJson('api/v1/routers');
    state.routers = b.ok ? b.body.routers || [] : null;
    routersMissing = b.status === 404; // a daemon without BMP: not asked again until a reload
  }

  /**
   * The public sources (RIS Live, ...) and their state: the API has no list of them, /metrics has
   * bgpsentry_source_up and bgpsentry_source_messages_received_total per source.
   */
  async function loadSources() {
    try {
      const r = await fetch('metrics', { headers: { Accept: 'text/plain' }, cache: 'no-store' });
      if (!r.ok) return;
      const by = new Map();
      const line = /^bgpsentry_source_(up|messages_received_total)\{source="([^"]*)"[^}]*\} (\S+)$/gm;
      for (const m of (await r.text()).matchAll(line)) {
        const s = by.get(m[2]) || { source: m[2], up: false, messages: 0 };
        if (m[1] === 'up') s.up = Number(m[3]) === 1;
        else s.messages = Number(m[3]);
        by.set(m[2], s);
      }
      state.sources = [...by.values()];
    } catch (e) {
      // the peers and routers say the daemon is unreachable; the sources keep their last state
    }
  }

  async function loadPrefixes() {
    const r = await getJson('api/v1/prefixes');
    if (r.ok) state.prefixes = r.body.prefixes || [];
  }

  async function loadAlerts() {
    const r = await getJson('api/v1/alerts');
    if (!r.ok) return;
    const m = new Map();
    for (const a of r.body.alerts || []) m.set(a.id, a);
    state.alerts = m;
  }

  async function loadAll() {
    try {
      await Promise.all([loadPeers(), loadPrefixes(), loadAlerts(), loadSources()]);
      state.loadError = null;
    } catch (e) {
      state.loadError = 'The daemon did not answer (' + e.message + '); retrying.';
    }
  }

  function alertsSorted(filter) {
    const out = [...state.alerts.values()].filter(filter || (() => true));
    // Firing first, then newest first.
    out.sort((a, b) => {
      if (a.status !== b.status) return a.status === 'firing' ? -1 : 1;
      const ta = Date.parse(a.resolved_at || a.last_seen || a.first_seen) || 0;
      const tb = Date.parse(b.resolved_at || b.last_seen || b.first_seen) || 0;
      return tb - ta;
    });
    return out;
  }

  // ---- views ----

  function alertTable(id, alerts) {
    return table(id, [
      { label: 'Status', cell: (a) => [status(a.status), ' ', sev(a.severity)] },
      { label: 'Type', cell: (a) => a.type },
      { label: 'Summary', cell: (a) => a.summary },
      { label: 'Prefix', cell: (a) => [prefixLink(a.prefix), a.registered_prefix && a.registered_prefix !== a.prefix ? [' in ', prefixLink(a.registered_prefix)] : null] },
      { label: 'Customer', cell: (a) => a.customer || '\u2014' },
      { label: 'Peers', cell: (a) => num(a.peer_count), cls: 'num' },
      { label: 'First seen', cell: (a) => when(a.first_seen) },
      { label: 'Resolved', cell: (a) => when(a.resolved_at) },
    ], alerts, (a) => ({ class: a.status, 'data-key': a.key, 'data-id': a.id }));
  }

  function overview() {
    const firing = alertsSorted((a) => a.status === 'firing');
    const established = state.peers.filter((p) => p.state === 'established').length;
    const out = [el('h1', null, 'Overview')];
    out.push(el('dl', { class: 'counts' },
      el('div', null, el('dt', null, 'Peers'), el('dd', { id: 'count-peers' }, state.peers.length), el('dt', null, 'established: ' + established)),
      el('div', null, el('dt', null, 'Registered prefixes'), el('dd', { id: 'count-prefixes' }, state.prefixes.length)),
      el('div', { class: firing.length ? 'firing' : 'none' }, el('dt', null, 'Firing alerts'), el('dd', { id: 'count-firing' }, firing.length))));

    out.push(el('h2', { id: 'h-firing' }, 'Firing alerts'));
    out.push(firing.length ? alertTable('firing-alerts', firing) : el('p', { class: 'empty', id: 'firing-alerts' }, 'No alert is firing.'));

    out.push(el('h2', null, 'Registered prefixes'));
    const prefixes = [...state.prefixes].sort((a, b) => (b.status.open_alerts || []).length - (a.status.open_alerts || []).length);
    out.push(prefixes.length
      ? table('prefixes', [
        { label: 'Prefix', cell: (p) => prefixLink(p.prefix) },
        { label: 'Description', cell: (p) => p.description || '' },
        { label: 'Customer', cell: (p) => p.customer || '' },
        { label: 'Visible at', cell: (p) => {
          const n = (p.status.visible_peers || []).length;
          return el('span', { class: n ? '' : 'state-bad' }, n + (n === 1 ? ' peer' : ' peers'));
        }, cls: 'num' },
        { label: 'Best path', cell: (p) => path(p.status.best_path) },
        { label: 'Open alerts', cell: (p) => {
          const n = (p.status.open_alerts || []).length;
          return n ? el('span', { class: 'status status-firing' }, n + ' firing') : el('span', { class: 'muted' }, 'none');
        } },
        { label: 'RTT (15 min)', cell: (p) => (p.latency_median_15m_ms === null || p.latency_median_15m_ms === undefined ? '\u2014' : p.latency_median_15m_ms.toFixed(1) + ' ms'), cls: 'num' },
      ], prefixes, (p) => ({ class: (p.status.open_alerts || []).length ? 'firing' : null, 'data-prefix': p.prefix }))
      : el('p', { class: 'empty' }, 'No prefix is registered.'));

    out.push(el('h2', null, 'Peers'));
    out.push(state.peers.length
      ? table('peers', [
        { label: 'Peer', cell: (p) => p.name },
        { label: 'Address', cell: (p) => p.address },
        { label: 'AS', cell: (p) => p.asn, cls: 'num' },
        { label: 'State', cell: (p) => peerState(p.state) },
        { label: 'Up for', cell: (p) => duration(p.uptime_s) },
        { label: 'Routes IPv4', cell: (p) => num(p.routes_ipv4), cls: 'num' },
        { label: 'Routes IPv6', cell: (p) => num(p.routes_ipv6), cls: 'num' },
        { label: 'Last error', cell: (p) => p.last_error || '' },
      ], state.peers, (p) => ({ 'data-peer': p.name }))
      : el('p', { class: 'empty' }, 'No peer is configured.'));

    if (state.routers !== null) {
      out.push(el('h2', null, 'BMP routers'));
      out.push(state.routers.length
        ? table('routers', [
          { label: 'Router', cell: (r) => r.name || r.sys_name || r.address || '' },
          { label: 'Address', cell: (r) => r.address || '' },
          { label: 'State', cell: (r) => peerState(r.state) },
          { label: 'Peers', cell: (r) => (Array.isArray(r.peers) ? r.peers.length : num(r.peers)), cls: 'num' },
        ], state.routers)
        : el('p', { class: 'empty' }, 'No BMP router is connected.'));
    }

    if (state.sources.length) {
      out.push(el('h2', null, 'Sources'));
      out.push(table('sources', [
        { label: 'Source', cell: (s) => SOURCE_NAMES[s.source] || s.source },
        { label: 'State', cell: (s) => peerState(s.up ? 'up' : 'down') },
        { label: 'Messages', cell: (s) => num(s.messages), cls: 'num' },
      ], state.sources, (s) => ({ 'data-source': s.source })));
    }

    out.push(el('h2', null, 'Live events'));
    out.push(feedList());
    return out;
  }

  function feedList() {
    if (!state.feed.length) return el('p', { class: 'empty', id: 'feed' }, 'No event since this page was opened.');
    return el('ul', { class: 'feed', id: 'feed' }, state.feed.map((f) => el('li', { 'data-id': f.id, 'data-type': f.type, class: f.fresh ? 'fresh' : null },
      when(f.at), ' ', f.text)));
  }

  async function prefixView(prefix) {
    const reg = state.prefixes.find((p) => p.prefix === prefix);
    const out = [el('h1', null, 'Prefix ', prefix)];
    if (reg) {
      const facts = [
        ['Description', reg.description], ['Customer', reg.customer], ['Provider', reg.provider], ['Location', reg.location],
        ['Origin ASNs', (reg.origin_asns || []).join(', ') || 'none (any announcement is a hijack)'],
        ['Max length', reg.max_length], ['Upstream ASNs', (reg.upstream_asns || []).join(', ')],
        ['Probe targets', (reg.probe_targets || []).join(', ')],
        ['Visible at', (reg.status.visible_peers || []).join(', ') || 'no peer'],
      ];
      out.push(el('dl', { class: 'facts', id: 'facts' }, facts.filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => [el('dt', null, k), el('dd', null, String(v))]),
      el('dt', null, 'Best path'), el('dd', null, path(reg.status.best_path))));
    } else {
      out.push(el('p', { class: 'muted' }, 'Not a registered prefix: routes and alerts only.'));
    }

    out.push(el('h2', null, 'Latency'));
    out.push(await latencyChart(prefix, latencyWindow));

    const routes = await getJson('api/v1/routes?prefix=' + encodeURIComponent(prefix) + '&more_specifics=true&limit=' + ROUTES_SHOWN);
    out.push(el('h2', null, 'Routes received'));
    if (!routes.ok) {
      out.push(el('p', { class: 'error' }, (routes.body && routes.body.error) || 'routes not available (' + routes.status + ')'));
    } else if (!routes.body.routes.length) {
      out.push(el('p', { class: 'empty', id: 'routes' }, 'No peer sends a route for ' + prefix + ' or a more specific.'));
    } else {
      out.push(table('routes', [
        { label: 'Peer', cell: (r) => (r.router ? r.router + ' / ' : '') + r.peer },
        { label: 'View', cell: (r) => r.view || 'adj-rib-in' },
        { label: 'Prefix', cell: (r) => r.prefix },
        { label: 'AS path', cell: (r) => path(r.as_path) },
        { label: 'Origin AS', cell: (r) => (r.origin_asn === null ? '\u2014' : 'AS' + r.origin_asn) },
        { label: 'Origin', cell: (r) => r.origin },
        { label: 'Next hop', cell: (r) => r.next_hop },
        { label: 'Communities', cell: (r) => [...(r.communities || []), ...(r.large_communities || [])].join(' ') || '\u2014' },
        { label: 'RPKI', cell: (r) => el('span', { class: 'rpki-' + r.rpki_state }, r.rpki_state) },
        { label: 'Received', cell: (r) => when(r.received_at) },
      ], routes.body.routes, (r) => ({ 'data-peer': r.peer })));
      if (routes.body.truncated) out.push(el('p', { class: 'muted', id: 'routes-truncated' }, 'The first ' + ROUTES_SHOWN + ' routes; more exist (GET /api/v1/routes lists them all).'));
    }

    out.push(el('h2', null, 'Alert history'));
    const past = alertsSorted((a) => a.prefix === prefix || a.registered_prefix === prefix);
    out.push(past.length ? alertTable('prefix-alerts', past) : el('p', { class: 'empty', id: 'prefix-alerts' }, 'No alert for this prefix since the daemon started.'));
    return out;
  }

  let latencyWindow = '6h';

  async function latencyChart(prefix, window) {
    const r = await getJson('api/v1/latency?prefix=' + encodeURIComponent(prefix) + '&window=' + window);
    if (!r.ok) {
      return el('p', { class: 'empty', id: 'latency' }, r.status === 404 ? 'No latency data: this prefix has no probe_targets.' : (r.body && r.body.error) || 'latency not available');
    }
    const windows = el('div', { class: 'windows', role: 'group', 'aria-label': 'Latency window' },
      WINDOWS.map((w) => el('button', { type: 'button', id: 'window-' + w, 'aria-pressed': w === latencyWindow ? 'true' : 'false',
        onclick: () => { latencyWindow = w; render(); } }, w)));
    const buckets = r.body.buckets || [];
    // Drawn at the width it is shown at, so that its labels keep their size on a phone.
    const W = Math.round(Math.max(300, Math.min(960, main.clientWidth - 40)));
    const H = W < 500 ? 200 : 240;
    const L = 48;
    const R = 8;
    const T = 10;
    const B = 28;
    const end = Date.now();
    const start = end - WINDOW_MS[window];
    const values = buckets.filter((b) => b.answered > 0);
    const max = Math.max(1, ...values.map((b) => b.p95_ms || b.median_ms || 0)) * 1.1;
    const x = (t) => L + ((t - start) / (end - start)) * (W - L - R);
    const y = (v) => T + (1 - v / max) * (H - T - B);
    const line = (key) => {
      let d = '';
      let prev = null;
      for (const b of buckets) {
        const t = Date.parse(b.start);
        if (b.answered > 0 && b[key] !== null) {
          d += (prev === null || t - prev > 10 * 60e3 ? 'M' : 'L') + x(t).toFixed(1) + ' ' + y(b[key]).toFixed(1) + ' ';
          prev = t;
        } else {
          prev = null;
        }
      }
      return d.trim();
    };
    const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'latency', 'aria-labelledby': 'latency-title' },
      svg('title', { id: 'latency-title' }, `Median and 95th percentile RTT of ${prefix}, last ${window}`));
    for (let i = 0; i <= 4; i++) {
      const v = (max / 4) * i;
      s.append(svg('line', { class: 'grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      s.append(svg('text', { class: 'axis', x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, v.toFixed(v < 10 ? 1 : 0)));
    }
    s.append(svg('text', { class: 'axis', x: 4, y: T + 10 }, 'ms'));
    const label = (t) => (WINDOW_MS[window] > 864e5 ? new Date(t).toISOString().slice(5, 10) : new Date(t).toISOString().slice(11, 16));
    for (let i = 0; i <= 4; i++) {
      const t = start + ((end - start) / 4) * i;
      s.append(svg('text', { class: 'axis', x: x(t), y: H - 8, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' }, label(t)));
    }
    s.append(svg('path', { class: 'p95', d: line('p95_ms') }));
    s.append(svg('path', { class: 'median', d: line('median_ms') }));
    if (values.length <= 400) {
      for (const b of values) s.append(svg('circle', { class: 'point', r: 2.5, cx: x(Date.parse(b.start)).toFixed(1), cy: y(b.median_ms).toFixed(1) }));
    }
    for (const b of buckets) {
      if (b.loss_ratio > 0) s.append(svg('rect', { class: 'loss', x: x(Date.parse(b.start)) - 1.5, y: H - B, width: 3, height: 6 }));
    }
    const probes = buckets.reduce((n, b) => n + b.probes, 0);
    const answered = buckets.reduce((n, b) => n + b.answered, 0);
    const medians = values.map((b) => b.median_ms).sort((a, b) => a - b);
    const summary = values.length
      ? `${buckets.length} five-minute buckets; median RTT ${medians[Math.floor(medians.length / 2)].toFixed(1)} ms (from ${medians[0].toFixed(1)} to ${medians[medians.length - 1].toFixed(1)}); loss ${(100 * (1 - answered / Math.max(1, probes))).toFixed(1)} %; times UTC.`
      : `No probe answered in the last ${window}.`;
    return [windows, el('figure', { class: 'chart', id: 'latency' }, s,
      el('figcaption', null,
        el('div', { class: 'legend' }, el('span', { class: 'k-median' }, '\u2014 median'), el('span', { class: 'k-p95' }, '- - p95'), el('span', { class: 'k-loss' }, '\u25AE loss')),
        el('span', { class: 'muted' }, summary)))];
  }

  function alertsView(params) {
    const filters = {
      status: params.get('status') || '',
      type: params.get('type') || '',
      customer: params.get('customer') || '',
      prefix: params.get('prefix') || '',
    };
    const customers = new Set();
    for (const p of state.prefixes) if (p.customer) customers.add(p.customer);
    for (const a of state.alerts.values()) if (a.customer) customers.add(a.customer);
    const change = (key) => (ev) => {
      filters[key] = ev.target.value.trim();
      const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
      history.replaceState(null, '', '#/alerts' + (q ? '?' + q : ''));
      results.replaceChildren(...alertResults(filters));
    };
    const select = (key, label, options) => el('label', null, label,
      el('select', { id: 'filter-' + key, onchange: change(key) },
        el('option', { value: '' }, 'all'),
        options.map((o) => el('option', { value: o, selected: o === filters[key] }, o))));
    const results = el('div', { id: 'alert-results' }, alertResults(filters));
    return [
      el('h1', null, 'Alerts'),
      el('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
        select('status', 'Status', ['firing', 'resolved']),
        select('type', 'Type', ALERT_TYPES),
        select('customer', 'Customer', [...customers].sort()),
        el('label', null, 'Prefix', el('input', { id: 'filter-prefix', type: 'search', inputmode: 'text', autocomplete: 'off', spellcheck: 'false',
          placeholder: '203.0.113.0/24', value: filters.prefix, oninput: change('prefix') }))),
      results,
    ];
  }

  function alertResults(f) {
    const list = alertsSorted((a) => (!f.status || a.status === f.status)
      && (!f.type || a.type === f.type)
      && (!f.customer || a.customer === f.customer)
      && (!f.prefix || a.prefix === f.prefix || a.registered_prefix === f.prefix || (a.prefix || '').startsWith(f.prefix)));
    return [
      el('p', { id: 'alert-count', class: 'muted', 'aria-live': 'polite' }, list.length + (list.length === 1 ? ' alert' : ' alerts')
        + ' (firing first, then the most recently resolved; the daemon keeps the last 1,000 resolved)'),
      list.length ? alertTable('alerts-table', list) : el('p', { class: 'empty' }, 'No alert matches.'),
    ];
  }

  // ---- routing and rendering ----

  function route() {
    const h = location.hash || '#/';
    if (h.startsWith('#/prefix/')) return { name: 'prefix', prefix: decodeURIComponent(h.slice('#/prefix/'.length)) };
    if (h.startsWith('#/alerts')) {
      const q = h.indexOf('?');
      return { name: 'alerts', params: new URLSearchParams(q < 0 ? '' : h.slice(q + 1)) };
    }
    return { name: 'overview' };
  }

  let rendering = Promise.resolve();
  let pending = false;

  /** Re-renders the current view; the focused control keeps the focus. */
  function render() {
    if (pending) return rendering;
    pending = true;
    rendering = rendering.then(async () => {
      pending = false;
      const r = route();
      const results = document.getElementById('alert-results');
      if (r.name === 'alerts' && view && view.name === 'alerts' && results) {
        // Only the list changes: the filter form keeps its state and focus.
        const p = r.params;
        results.replaceChildren(...alertResults({ status: p.get('status') || '', type: p.get('type') || '', customer: p.get('customer') || '', prefix: p.get('prefix') || '' }));
        return;
      }
      view = null;
      const active = document.activeElement;
      const focusId = active && active !== document.body && main.contains(active) ? active.id || active.getAttribute('href') : null;
      let content;
      try {
        content = r.name === 'prefix' ? await prefixView(r.prefix) : r.name === 'alerts' ? alertsView(r.params) : overview();
      } catch (e) {
        content = [el('p', { class: 'error' }, 'This view failed: ' + e.message)];
      }
      if (state.loadError) content.unshift(el('p', { class: 'error', role: 'alert' }, state.loadError));
      main.replaceChildren(...content.flat());
      main.setAttribute('data-view', r.name);
      for (const a of document.querySelectorAll('nav a')) {
        const mine = (a.id === 'nav-overview' && r.name === 'overview') || (a.id === 'nav-alerts' && r.name === 'alerts');
        if (mine) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
      document.title = (r.name === 'prefix' ? r.prefix + ' \u2013 ' : r.name === 'alerts' ? 'Alerts \u2013 ' : '') + 'bgpsentry';
      if (focusId) {
        const again = [...main.querySelectorAll('[id], [href]')].find((e) => e.id === focusId || e.getAttribute('href') === focusId);
        if (again) again.focus();
      }
      view = r;
    });
    return rendering;
  }

  // ---- live events ----

  let source = null;
  let refreshTimer = null;

  function setLive(s, text) {
    live.dataset.state = s;
    live.textContent = text;
  }

  /** Data behind the counts and tables, refetched shortly after events (several in a burst: once). */
  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(async () => {
      await Promise.all([loadPeers(), loadPrefixes(), loadSources()]).catch(() => {});
      render();
    }, 250);
  }

  function addFeed(id, type, at, text) {
    state.feed.unshift({ id, type, at, text, fresh: true });
    state.feed.length = Math.min(state.feed.length, FEED_MAX);
    setTimeout(() => {
      for (const f of state.feed) if (f.id === id) f.fresh = false;
    }, 10000);
  }

  let lastEventId = null;

  function connect() {
    setLive('connecting', 'connecting');
    // A new EventSource cannot send Last-Event-ID itself: after a closed stream, the query says it.
    source = new EventSource('api/v1/events' + (lastEventId ? '?last_event_id=' + encodeURIComponent(lastEventId) : ''));
    let opened = false;
    source.addEventListener('open', () => {
      setLive('open', 'live');
      if (opened) {
        // Reconnected: the missed events follow by Last-Event-ID; counts are fetched again.
        loadAll().then(render);
      }
      opened = true;
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        setLive('reconnecting', 'disconnected; retrying');
        source.close();
        setTimeout(() => loadAll().then(() => { render(); connect(); }), 3000);
      } else {
        setLive('reconnecting', 'reconnecting');
      }
    });
    source.addEventListener('alert', (e) => {
      lastEventId = e.lastEventId;
      const a = JSON.parse(e.data);
      state.alerts.set(a.id, a);
      // The prefix's open alerts change with it; the refetch below confirms.
      const reg = state.prefixes.find((p) => p.prefix === a.registered_prefix);
      if (reg) {
        const open = (reg.status.open_alerts || []).filter((id) => id !== a.id);
        if (a.status === 'firing') open.push(a.id);
        reg.status.open_alerts = open;
      }
      addFeed(e.lastEventId, 'alert', a.resolved_at || a.last_seen, [a.status.toUpperCase(), ' ', a.severity, ' ', a.type, ': ', a.summary].join(''));
      render();
      refreshSoon();
    });
    source.addEventListener('peer', (e) => {
      lastEventId = e.lastEventId;
      const p = JSON.parse(e.data);
      const i = state.peers.findIndex((q) => q.name === p.name);
      if (p.state === 'removed') {
        if (i >= 0) state.peers.splice(i, 1);
      } else if (i >= 0) {
        state.peers[i] = p;
      } else {
        state.peers.push(p);
      }
      addFeed(e.lastEventId, 'peer', new Date().toISOString(), 'peer ' + p.name + ' ' + p.state + (p.last_error ? ' (' + p.last_error + ')' : ''));
      render();
      refreshSoon();
    });
  }

  setInterval(() => {
    for (const a of document.querySelectorAll('.age[data-t]')) a.textContent = '(' + age(Date.now() - Date.parse(a.dataset.t)) + ')';
  }, 10000);
  // Route counts and uptimes move without events: a quiet refresh every 30 s.
  setInterval(() => {
    if (!view || view.name !== 'alerts') refreshSoon();
  }, 30000);

  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    // The chart is drawn for the width it is shown at (a phone turned, a window resized).
    resizeTimer = setTimeout(() => { if (view && view.name === 'prefix') render(); }, 300);
  });

  window.addEventListener('hashchange', () => {
    view = null; // a new view, built whole
    render().then(() => {
      window.scrollTo(0, 0);
      main.focus({ preventScroll: true });
    });
  });

  loadAll().then(() => {
    render();
    connect();
  });
})();
