// The dashboard's browser side: fetches the analysts' queries as JSON and draws them with
// uPlot (a global from uplot.js). No framework, no build step.
/* global uPlot */

const $ = (id) => document.getElementById(id);
const status = $('status');

function range() {
  const from = $('from').value;
  const to = $('to').value;
  return from && to ? `?from=${from}&to=${to}` : '';
}

async function load(query) {
  const response = await fetch(`/dashboard/api/${query}${range()}`);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? response.statusText);
  return body;
}

const epoch = (day) => Date.parse(`${day}T00:00:00Z`) / 1000;
const num = (n, digits = 0) =>
  Number(n).toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

function table(el, head, rows) {
  el.replaceChildren();
  const tr = el.insertRow();
  for (const h of head) {
    const th = document.createElement('th');
    th.textContent = h;
    tr.append(th);
  }
  for (const row of rows) {
    const r = el.insertRow();
    for (const cell of row) {
      const td = r.insertCell();
      if (cell && typeof cell === 'object') {
        td.textContent = cell.text;
        if (cell.className) td.className = cell.className;
        if (cell.style) td.style.cssText = cell.style;
      } else td.textContent = cell;
    }
  }
}

const charts = {};
function chart(id, series, data, options = {}) {
  const el = $(id);
  el.dataset.values = JSON.stringify(data);
  charts[id]?.destroy();
  charts[id] = new uPlot(
    { width: Math.max(400, el.clientWidth), height: 220, series: [{}, ...series], ...options },
    data,
    el,
  );
}

async function dau() {
  const rows = (await load('dau')).slice().reverse();
  chart(
    'dau-chart',
    [{ label: 'DAU', stroke: '#2563eb', width: 2 }],
    [rows.map((r) => epoch(r.day)), rows.map((r) => r.dau)],
  );
}

async function funnel() {
  const rows = await load('funnel');
  chart(
    'funnel-chart',
    [
      {
        label: 'sessions',
        fill: '#60a5fa',
        stroke: '#2563eb',
        paths: uPlot.paths.bars({ size: [0.6] }),
      },
    ],
    [rows.map((r) => r.step), rows.map((r) => r.sessions)],
    {
      scales: { x: { time: false } },
      axes: [{ values: (_, ticks) => ticks.map((t) => rows[t - 1]?.event ?? '') }, {}],
    },
  );
  table(
    $('funnel'),
    ['step', 'sessions', 'from previous', 'from start', 'avg time from previous'],
    rows.map((r) => [
      r.event,
      num(r.sessions),
      r.conversion_from_previous === null ? '' : `${num(r.conversion_from_previous * 100, 1)}%`,
      r.conversion_from_start === null ? '' : `${num(r.conversion_from_start * 100, 1)}%`,
      r.avg_seconds_from_previous === null ? '' : `${num(r.avg_seconds_from_previous, 1)} s`,
    ]),
  );
}

async function retention() {
  const rows = await load('retention');
  const cohorts = new Map();
  for (const r of rows) {
    if (!cohorts.has(r.cohort)) cohorts.set(r.cohort, []);
    cohorts.get(r.cohort)[r.wk] = r.users;
  }
  table(
    $('retention'),
    ['cohort', 'users', 'week 1', 'week 2', 'week 3', 'week 4'],
    [...cohorts].map(([cohort, weeks]) => [
      cohort,
      num(weeks[0] ?? 0),
      ...[1, 2, 3, 4].map((wk) => {
        const share = weeks[0] ? (weeks[wk] ?? 0) / weeks[0] : 0;
        return {
          text: weeks[wk] === undefined ? '' : `${num(share * 100, 1)}%`,
          style: `background: rgba(37, 99, 235, ${Math.min(1, share * 2).toFixed(2)})`,
        };
      }),
    ]),
  );
}

async function revenue() {
  const rows = await load('revenue-per-day');
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const days = [...new Set(rows.map((r) => r.day))].sort();
  const colors = ['#16a34a', '#9333ea', '#ea580c', '#0891b2'];
  chart(
    'revenue-chart',
    currencies.map((c, i) => ({ label: c, stroke: colors[i % colors.length], width: 2 })),
    [
      days.map(epoch),
      ...currencies.map((c) =>
        days.map((d) => Number(rows.find((r) => r.day === d && r.currency === c)?.revenue ?? 0)),
      ),
    ],
  );
}

async function topPages() {
  const rows = await load('top-pages');
  table(
    $('top-pages'),
    ['page', 'views', 'visitors'],
    rows.map((r) => [r.page_path, num(r.views), num(r.visitors)]),
  );
}

const METRICS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'];

async function webVitals() {
  const rows = await load('web-vitals');
  const pages = new Map();
  for (const r of rows) {
    if (!pages.has(r.page_path)) pages.set(r.page_path, {});
    pages.get(r.page_path)[r.metric] = r;
  }
  table(
    $('web-vitals'),
    ['page', ...METRICS],
    [...pages].map(([page, metrics]) => [
      page,
      ...METRICS.map((m) => {
        const r = metrics[m];
        if (!r) return '';
        const value = m === 'CLS' ? num(r.p75, 3) : `${num(r.p75)} ms`;
        return { text: value, className: r.rating };
      }),
    ]),
  );
}

async function rejected() {
  const response = await fetch('/dashboard/api/rejected');
  const rows = await response.json();
  table(
    $('rejected'),
    ['reason', 'events'],
    rows.length ? rows.map((r) => [r.failure, num(r.events)]) : [['none', '0']],
  );
}

async function refresh() {
  status.textContent = 'loading…';
  const results = await Promise.allSettled([
    dau(),
    funnel(),
    retention(),
    revenue(),
    topPages(),
    webVitals(),
    rejected(),
  ]);
  const failed = results.filter((r) => r.status === 'rejected');
  status.textContent = failed.length
    ? `${failed.length} panels failed: ${failed[0].reason.message}`
    : `updated ${new Date().toLocaleTimeString()}`;
  document.body.dataset.loaded = 'true';
}

function live() {
  const list = $('live');
  const source = new EventSource('/dashboard/live');
  source.addEventListener('rows', (message) => {
    for (const r of JSON.parse(message.data).reverse()) {
      const li = document.createElement('li');
      li.textContent = `${r.received_at.slice(11, 23)}  ${r.type.padEnd(8)} ${r.event ?? r.page_path ?? ''}  ${r.user_id}`;
      list.prepend(li);
    }
    while (list.children.length > 100) list.lastChild.remove();
  });
}

$('apply').addEventListener('click', refresh);
refresh();
live();
