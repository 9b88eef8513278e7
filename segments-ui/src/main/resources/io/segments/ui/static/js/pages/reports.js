/**
 * Reports: the funnel (`#/reports/funnel`: users who did each step in order, with conversion)
 * and events over time (`#/reports/events`: counts per day or week), each optionally
 * restricted to a segment's members and broken down by a property. This module builds the
 * forms; report-results.js shows the answers.
 */
import { h } from '../h.js';
import { api } from '../api.js';
import { ConditionEditor } from '../editor.js';
import { emptyCatalog, loadCatalog } from '../catalog.js';
import { indexPath, keyPath } from '../paths.js';
import { joinDuration } from '../values.js';
import {
  card, clearFieldErrors, emptyState, field, isoDate, pageHeader, showFieldError, spinner,
} from '../ui.js';
import { allSegments } from './common.js';
import { showServerError } from './builder.js';
import { showEvents, showFunnel } from './report-results.js';

/** The steps (funnel) or events (events report) of a report, edited like the builder's blocks. */
class ReportEditor extends ConditionEditor {
  constructor({ items, key, label, testid, catalog }) {
    super({ filter: null, catalog });
    this.items = items;
    this.key = key;
    this.label = label;
    this.testid = testid;
  }

  root() {
    const listPath = keyPath('$', this.key);
    const list = h('ol', { class: 'steps report-steps', 'data-path': listPath, 'data-error-inside': '' });
    this.items.forEach((item, i) => {
      const path = indexPath(listPath, i);
      list.append(h('li', { class: 'step', 'data-testid': this.testid, 'data-path': path, 'data-error-inside': '' },
        h('div', { class: 'row' },
          h('span', { class: 'word step-number' }, `${i + 1}.`),
          this.eventInput(item.event, (v) => { item.event = v; }, keyPath(path, 'event'), `${this.testid}-event`),
          this.items.length > 1 ? [h('span', { class: 'spacer' }), this.removeButton(`${this.testid}-remove`, `Remove ${this.label} ${i + 1}`, () => { this.items.splice(i, 1); })] : null),
        this.whereEditor(item, path, () => item.event)));
    });
    return [list, h('div', { class: 'row' }, h('button', {
      type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': `${this.testid}-add`,
      onclick: () => {
        this.items.push({ event: '' });
        this.changed(true, keyPath(indexPath(listPath, this.items.length - 1), 'event'));
      },
    }, `+ ${this.label[0].toUpperCase()}${this.label.slice(1)}`))];
  }
}

/** The controls both reports share: segment, date range and breakdown. */
function commonControls(catalog) {
  const today = new Date();
  const segment = h('select', { 'data-testid': 'report-segment', 'data-path': '$.segmentId' }, h('option', { value: '' }, 'All users'));
  allSegments().then((list) => {
    segment.append(...list.map((s) => h('option', { value: s.id }, s.name)));
  }).catch(() => {});
  const from = h('input', { type: 'date', value: isoDate(new Date(today.getTime() - 29 * 86_400_000)), 'data-testid': 'report-from', 'data-path': '$.from' });
  const to = h('input', { type: 'date', value: isoDate(today), 'data-testid': 'report-to', 'data-path': '$.to' });
  const breakdownList = h('datalist', { id: `breakdown-${Math.random().toString(36).slice(2)}` });
  const breakdown = h('input', {
    type: 'text', list: breakdownList.id, placeholder: 'none', autocomplete: 'off', 'data-testid': 'report-breakdown', 'data-path': '$.breakdown',
  });
  const fill = (c) => {
    const names = new Set(c.properties(null).map((p) => p.name));
    breakdownList.replaceChildren(...[...names].map((n) => h('option', { value: n })));
  };
  fill(catalog);
  return {
    elements: [
      field('Segment', segment, { hint: 'Only the members of this segment.' }),
      h('div', { class: 'field-pair' }, field('From', from), field('To', to)),
      field('Break down by property', breakdown, { hint: 'Optional.' }), breakdownList,
    ],
    setCatalog: fill,
    values() {
      const v = { from: from.value, to: to.value };
      if (segment.value) v.segmentId = segment.value;
      if (breakdown.value.trim()) v.breakdown = breakdown.value.trim();
      return v;
    },
  };
}

/** Marks every item without an event; answers whether all have one. */
function checkEvents(form, items, key) {
  let ok = true;
  items.forEach((item, i) => {
    if (!item.event || !item.event.trim()) {
      const el = form.querySelector(`[data-path="${keyPath(indexPath(keyPath('$', key), i), 'event')}"]`);
      if (el) showFieldError(el, 'Choose an event.');
      ok = false;
    }
  });
  return ok;
}

function cleanItems(items) {
  return items.map((item) => (item.where && item.where.length ? { event: item.event, where: item.where } : { event: item.event }));
}

async function reportPage({ root, alive, onLeave, title, subtitle, key, label, testid, extraControls, url, show }) {
  const charts = [];
  onLeave(() => charts.forEach((c) => c && c.destroy()));
  const items = [{ event: '' }, ...(key === 'steps' ? [{ event: '' }] : [])];
  const editor = new ReportEditor({ items, key, label, testid, catalog: emptyCatalog() });
  editor.render();
  const common = commonControls(emptyCatalog());
  loadCatalog().then((c) => { if (alive()) { editor.setCatalog(c); common.setCatalog(c); } }).catch(() => {});

  const banner = h('div', { class: 'form-banner' });
  const result = h('div', { class: 'report-result', 'data-testid': 'report-result', 'aria-live': 'polite' },
    emptyState('Build the report', `Choose the ${label}s and press Run.`, null, 'report-empty'));
  const run = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'run-report' }, 'Run');
  const form = h('form', {
    class: 'report', novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      banner.replaceChildren();
      if (!checkEvents(form, items, key)) return;
      const body = { [key]: cleanItems(items), ...extraControls.values(), ...common.values() };
      if (!body.breakdown) delete body.top;
      run.disabled = true;
      result.replaceChildren(h('div', { class: 'loading' }, spinner('Running the report…')));
      try {
        const answer = await api.post(url, body);
        if (!alive()) return;
        charts.forEach((c) => c && c.destroy());
        charts.length = 0;
        result.replaceChildren();
        show(answer, body, result, charts);
      } catch (error) {
        result.replaceChildren();
        showServerError(error, form, banner);
      } finally {
        run.disabled = false;
      }
    },
  },
  pageHeader(title, { subtitle }),
  banner,
  h('div', { class: 'report-grid' },
    card(`${label[0].toUpperCase()}${label.slice(1)}s`, [editor.element], { testid: `${testid}s` }),
    card('Options', [...extraControls.elements, ...common.elements, h('div', { class: 'form-actions' }, run)], { testid: 'report-options' })),
  card('Result', result, { testid: 'report' }));
  root.append(form);
}

// ---- funnel -----------------------------------------------------------------------------------

export async function funnelReportPage(ctx) {
  const amount = h('input', { type: 'number', min: '1', step: '1', value: '7', class: 'num', 'aria-label': 'Conversion window amount', 'data-testid': 'funnel-window-amount', 'data-path': '$.conversionWindow' });
  const unit = h('select', { 'aria-label': 'Conversion window unit', 'data-testid': 'funnel-window-unit' },
    [['m', 'minutes'], ['h', 'hours'], ['d', 'days'], ['w', 'weeks']].map(([v, l]) => h('option', { value: v }, l)));
  unit.value = 'd';
  const extraControls = {
    elements: [h('div', { class: 'field' }, h('span', { class: 'label' }, 'Conversion window'),
      h('div', { class: 'row' }, amount, unit), h('p', { class: 'hint' }, 'Each step must follow the first within this time.'))],
    values: () => ({ conversionWindow: joinDuration(amount.value, unit.value) }),
  };
  await reportPage({
    ...ctx,
    title: 'Funnel',
    subtitle: 'How many users go through each step, in order.',
    key: 'steps',
    label: 'step',
    testid: 'funnel-step',
    extraControls,
    url: '/api/reports/funnel',
    show: showFunnel,
  });
}

// ---- events over time ---------------------------------------------------------------------------

export async function eventsReportPage(ctx) {
  const interval = h('select', { 'data-testid': 'report-interval', 'data-path': '$.interval' },
    h('option', { value: 'day' }, 'day'), h('option', { value: 'week' }, 'week'));
  const top = h('input', { type: 'number', min: '1', step: '1', value: '5', class: 'num', 'data-testid': 'report-top', 'data-path': '$.top' });
  const extraControls = {
    elements: [field('Per', interval), field('Top breakdown values', top, { hint: 'With a breakdown: how many values to show.' })],
    values: () => {
      const v = { interval: interval.value };
      const n = Number(top.value);
      if (Number.isInteger(n) && n > 0) v.top = n;
      return v;
    },
  };
  await reportPage({
    ...ctx,
    title: 'Events',
    subtitle: 'How often events happen, per day or week.',
    key: 'events',
    label: 'event',
    testid: 'event-series',
    extraControls,
    url: '/api/reports/events',
    show: showEvents,
  });
}
