/**
 * The results of the two reports as the pages show them: the funnel (headline, chart, a row per step with its
 * conversion and median time from the step before, and with a breakdown a row per group) and events over time
 * (a chart, totals with unique users per event, and a row per day or week, buckets cut short by the range marked).
 */
import { append, h } from '../h.js';
import { humanDuration } from '../format.js';
import {
  bucketLabel, chartGroups, funnelHeadline, funnelRows, valueLabel,
} from '../reporting.js';
import { chart, color, emptyState, fmt, percent } from '../ui.js';

/** How many groups a breakdown chart draws (the largest, the rest summed as "Other"); the table has them all. */
const CHART_GROUPS = 8;

function table(testid, headers, rows) {
  return h('table', { class: 'table', 'data-testid': testid },
    h('thead', {}, h('tr', {}, headers.map((t, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t)))),
    h('tbody', {}, rows));
}

// ---- funnel -------------------------------------------------------------------------------------

/** A funnel answer into `result`; `charts` collects the charts drawn (destroyed when the page is left or re-run). */
export function showFunnel(answer, body, result, charts) {
  const steps = (answer && answer.steps) || [];
  if (!steps.length) {
    result.append(emptyState('No data', 'Nobody did the first step in this period.', null, 'report-no-data'));
    return;
  }
  const rows = funnelRows(steps);
  const single = steps.length === 1;
  const headline = funnelHeadline(steps, body);
  const canvas = h('canvas', { 'data-testid': 'funnel-chart', role: 'img', 'aria-label': 'Funnel: users at each step' });
  const groups = Array.isArray(answer.breakdown) ? answer.breakdown : [];
  const stepHeaders = single ? ['Step', 'Users']
    : ['Step', 'Users', 'From the first step', 'From the previous step', 'Median time from the previous step'];
  append(result, [
    h('p', { class: 'headline', 'data-testid': 'funnel-headline' },
      headline.conversion ? h('span', { class: 'big-number', 'data-testid': 'funnel-conversion' }, headline.conversion) : null,
      h('span', { class: headline.conversion ? 'muted' : null }, headline.text)),
    h('div', { class: 'chart-box' }, canvas),
    table('funnel-table', stepHeaders, rows.map((r, i) => h('tr', { 'data-testid': 'funnel-step-row' },
      h('td', {}, `${i + 1}. ${r.event}`), h('td', { class: 'num' }, fmt(r.count)),
      single ? null : [
        h('td', { class: 'num' }, r.fromStart), h('td', { class: 'num' }, r.fromPrevious),
        h('td', {
          class: 'num', 'data-testid': 'funnel-median', 'data-median': steps[i].medianFromPrevious || '',
          title: i === 0 ? null : 'Half of the users who reached this step took less time than this since the step before',
        }, i === 0 ? '—' : humanDuration(steps[i].medianFromPrevious)),
      ]))),
    groups.length ? breakdownTable(groups, steps, body) : null]);

  const drawn = chartGroups(groups, CHART_GROUPS);
  const datasets = drawn.length
    ? drawn.map((g, i) => ({ label: g.label, data: g.counts, backgroundColor: g.other ? '#9a9aa6' : color(i) }))
    : [{ label: 'Users', data: steps.map((s) => s.count), backgroundColor: steps.map((_, i) => `${color(0)}${i === 0 ? '' : 'cc'}`) }];
  charts.push(chart(canvas, {
    type: 'bar',
    data: { labels: steps.map((s, i) => `${i + 1}. ${s.event}`), datasets },
    options: {
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: {
        legend: { display: datasets.length > 1, position: 'bottom' },
        tooltip: { callbacks: { afterLabel: (ctx) => (drawn.length ? '' : `${rows[ctx.dataIndex].fromStart} of the first step`) } },
      },
    },
  }));
}

/** Every group of a breakdown: its value, its users at each step and its conversion from the first to the last. */
function breakdownTable(groups, steps, body) {
  const single = steps.length === 1;
  const name = typeof body.breakdown === 'string' ? body.breakdown : 'Value';
  return h('div', { class: 'table-scroll' },
    h('h3', { class: 'table-title' }, `By ${name}: ${fmt(groups.length)} value${groups.length === 1 ? '' : 's'}`),
    table('funnel-breakdown-table', [name, ...steps.map((s, i) => `${i + 1}. ${s.event}`), ...(single ? [] : ['Conversion'])],
      groups.map((g) => {
        const counts = (g.steps || []).map((s) => s.count);
        return h('tr', { 'data-testid': 'funnel-group-row' },
          h('td', {}, valueLabel(g.value)),
          counts.map((n) => h('td', { class: 'num' }, fmt(n))),
          single ? null : h('td', { class: 'num' }, percent(counts[counts.length - 1], counts[0])));
      })));
}

// ---- events over time ---------------------------------------------------------------------------------

/** Label of a series: its event, with its breakdown value when there is one. */
export function seriesLabel(series) {
  return series.value === undefined || series.value === null ? series.event : `${series.event} · ${series.value}`;
}

/** An events answer into `result`: chart, totals per series, and a row per bucket (partial ones marked). */
export function showEvents(answer, body, result, charts) {
  const series = (answer && answer.series) || [];
  if (!series.length || series.every((s) => !(s.points || []).length)) {
    result.append(emptyState('No data', 'None of these events happened in this period.', null, 'report-no-data'));
    return;
  }
  const interval = answer.interval || body.interval;
  const buckets = new Map();
  for (const s of series) for (const p of s.points || []) if (!buckets.has(p.t)) buckets.set(p.t, p);
  const ts = [...buckets.keys()].sort();
  const partial = ts.map((t) => Boolean(buckets.get(t).partial));
  const byT = series.map((s) => new Map((s.points || []).map((p) => [p.t, p])));
  const canvas = h('canvas', { 'data-testid': 'events-chart', role: 'img', 'aria-label': `Events per ${interval}` });
  const sum = (s, key) => (s.points || []).reduce((n, p) => n + (p[key] || 0), 0);
  append(result, [
    h('div', { class: 'chart-box' }, canvas),
    partial.some(Boolean) ? h('p', { class: 'muted small', 'data-testid': 'events-partial-note' },
      'Hollow points on a dashed line are periods that are not whole: cut short by the range, or still going on (today so far).') : null,
    table('events-table', ['Series', 'Events', 'Users'], series.map((s) => h('tr', { 'data-testid': 'events-series-row' },
      h('td', {}, seriesLabel(s)),
      h('td', { class: 'num' }, fmt(typeof s.events === 'number' ? s.events : sum(s, 'count'))),
      h('td', { class: 'num', title: 'Users who did it at least once in the range' }, fmt(s.users))))),
    h('details', {}, h('summary', {}, `Per ${interval}`),
      h('div', { class: 'table-scroll' },
        table('events-buckets-table', [interval === 'week' ? 'Week' : 'Day', ...series.flatMap((s) => [seriesLabel(s), 'users'])],
          ts.map((t, i) => h('tr', { 'data-testid': 'events-bucket-row', 'data-partial': partial[i] ? 'true' : null },
            h('td', {}, bucketLabel(buckets.get(t), interval)),
            byT.flatMap((m) => {
              const p = m.get(t);
              return [h('td', { class: 'num' }, fmt(p ? p.count : 0)), h('td', { class: 'num muted' }, fmt(p ? p.users : 0))];
            }))))))]);
  charts.push(chart(canvas, {
    type: 'line',
    data: {
      labels: ts,
      datasets: series.map((s, i) => ({
        label: seriesLabel(s),
        data: ts.map((t) => (byT[i].has(t) ? byT[i].get(t).count : 0)),
        borderColor: color(i),
        backgroundColor: `${color(i)}22`,
        // a bucket cut short by the range: a hollow point, and a dashed line to it
        pointBackgroundColor: partial.map((p) => (p ? '#fff' : color(i))),
        pointRadius: partial.map((p) => (p ? 4 : (ts.length > 40 ? 0 : 3))),
        segment: { borderDash: (ctx) => (partial[ctx.p1DataIndex] || partial[ctx.p0DataIndex] ? [6, 4] : undefined) },
        tension: 0.3,
      })),
    },
    options: {
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { tooltip: { callbacks: { title: (items) => (items.length ? bucketLabel(buckets.get(ts[items[0].dataIndex]), interval) : '') } } },
    },
  }));
}
