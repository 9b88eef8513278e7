/**
 * Small shared pieces of the interface: cards, banners, spinners, empty states, labelled
 * fields, toasts, confirmation dialogs, charts and dates (numbers: format.js, batches of work: batches.js).
 */
import { h, uid } from './h.js';
import { ApiError } from './api.js';
import { nameLength } from './model.js';

export { fmt, percent } from './format.js';
export { pool } from './batches.js';

/** An instant as "3 minutes ago" (with the exact time in `title`). */
export function timeAgo(iso) {
  if (!iso) return h('span', {}, '—');
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return h('span', {}, iso);
  const seconds = Math.round((Date.now() - then.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [7, 'day'], [4.35, 'week'], [12, 'month'], [Infinity, 'year']];
  let value = -seconds;
  let text = '';
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) {
      text = rtf.format(Math.round(value), unit);
      break;
    }
    value /= size;
  }
  return h('time', { datetime: iso, title: then.toLocaleString() }, text);
}

/** A date as "2026-11-28" in UTC. */
export function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

/** A page header with a title, an optional subtitle and actions on the right. */
export function pageHeader(title, { subtitle, actions, testid } = {}) {
  return h('header', { class: 'page-header' },
    h('div', { class: 'page-title' },
      h('h1', { 'data-testid': testid || 'page-title', tabindex: '-1' }, title),
      subtitle ? h('p', { class: 'subtitle' }, subtitle) : null),
    actions ? h('div', { class: 'page-actions' }, actions) : null);
}

/** A card with an optional title and actions in its header. */
export function card(title, body, { actions, testid, className } = {}) {
  return h('section', { class: `card ${className || ''}`, 'data-testid': testid, 'aria-label': title || null },
    title || actions ? h('div', { class: 'card-header' }, title ? h('h2', {}, title) : h('span'), actions || null) : null,
    h('div', { class: 'card-body' }, body));
}

/** A spinner with a text for screen readers. */
export function spinner(label = 'Loading…', { inline = false } = {}) {
  return h('span', { class: `spinner ${inline ? 'inline' : ''}`, role: 'status', 'data-testid': 'spinner' },
    h('span', { class: 'spinner-dot', 'aria-hidden': 'true' }),
    h('span', { class: inline ? 'visually-hidden' : 'spinner-label' }, label));
}

/** The message of an error, as a person should read it. */
export function errorText(error) {
  if (error instanceof ApiError) return error.message;
  if (error && error.message) return error.message;
  return String(error);
}

/** An error banner (role alert); `retry` adds a "Try again" button. */
export function errorBanner(error, { retry, testid = 'error-banner' } = {}) {
  const code = error instanceof ApiError && error.status ? ` (${error.code})` : '';
  return h('div', { class: 'banner banner-error', role: 'alert', 'data-testid': testid },
    h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, '!'),
    h('span', { class: 'banner-text' }, errorText(error), h('span', { class: 'muted' }, code)),
    retry ? h('button', { class: 'btn btn-small', type: 'button', onclick: retry }, 'Try again') : null);
}

/** An empty state: a short title, a sentence and an optional action. */
export function emptyState(title, text, action, testid = 'empty-state') {
  return h('div', { class: 'empty', 'data-testid': testid },
    h('div', { class: 'empty-art', 'aria-hidden': 'true' }, '◌'),
    h('h3', {}, title),
    text ? h('p', {}, text) : null,
    action || null);
}

/**
 * A labelled form field. `control` is an input-like element (it gets an id when it has
 * none); the error slot below it is filled by {@link showFieldError}.
 */
export function field(label, control, { hint, className, hideLabel = false } = {}) {
  if (!control.id) control.id = uid('field');
  const hintEl = hint ? h('div', { class: 'hint', id: uid('hint') }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: `field ${className || ''}` },
    h('label', { for: control.id, class: hideLabel ? 'visually-hidden' : null }, label),
    control,
    hintEl);
}

/**
 * A live "N / MAX" counter of the text in `input`, counted in code points as the server counts names (an emoji
 * is one character; `maxlength` would count UTF-16 units and cut a name of emoji at half the limit).
 */
export function lengthCounter(input, max, testid) {
  const counter = h('span', { class: 'length', 'data-testid': testid, 'aria-live': 'polite' });
  const show = () => {
    const n = nameLength(input.value);
    counter.textContent = `${n} / ${max}`;
    counter.classList.toggle('over', n > max);
  };
  input.addEventListener('input', show);
  show();
  return counter;
}

/**
 * Marks `el` invalid and shows `message` under it: under its `.field` or `.row`, or inside it
 * for a block marked `data-error-inside`.
 */
export function showFieldError(el, message) {
  el.classList.add('invalid');
  el.setAttribute('aria-invalid', 'true');
  const error = h('div', { class: 'field-error', role: 'alert', id: uid('err'), 'data-testid': 'field-error', 'data-error-for': el.dataset.path || '' }, message);
  const describedBy = (el.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  el.setAttribute('aria-describedby', [...describedBy, error.id].join(' '));
  if (el.hasAttribute('data-error-inside')) {
    // a block or a group: the message goes inside it, under its toolbar
    const toolbar = el.querySelector(':scope > .block-toolbar, :scope > .group-header');
    if (toolbar) toolbar.after(error); else el.prepend(error);
  } else {
    (el.closest('.field, .row') || el).after(error);
  }
  return error;
}

/** Removes every error shown by {@link showFieldError} inside `root`. */
export function clearFieldErrors(root) {
  for (const e of root.querySelectorAll('.field-error')) e.remove();
  for (const el of root.querySelectorAll('.invalid')) {
    el.classList.remove('invalid');
    el.removeAttribute('aria-invalid');
  }
}

/** A pill such as the segment type or a campaign state. */
export function badge(text, kind = 'neutral', testid) {
  return h('span', { class: `badge badge-${kind}`, 'data-testid': testid }, text);
}

const toastRegion = () => document.getElementById('toasts');

/** A short message in the corner (announced politely). */
export function toast(message, kind = 'info') {
  const region = toastRegion();
  if (!region) return;
  const el = h('div', { class: `toast toast-${kind}`, 'data-testid': 'toast' }, message);
  region.append(el);
  setTimeout(() => el.remove(), 5000);
}

/**
 * A modal confirmation. Answers a promise of true (confirmed) or false.
 * `testid` prefixes the dialog's buttons (`<testid>-ok`, `<testid>-cancel`).
 */
export function confirmDialog({ title, text, ok = 'OK', cancel = 'Cancel', danger = false, testid = 'confirm' }) {
  return new Promise((resolve) => {
    const titleId = uid('dlg');
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId, 'data-testid': testid },
      h('h2', { id: titleId }, title),
      text ? h('p', {}, text) : null,
      h('div', { class: 'dialog-actions' },
        h('button', { class: 'btn', type: 'button', 'data-testid': `${testid}-cancel`, onclick: () => close(false) }, cancel),
        h('button', { class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, type: 'button', 'data-testid': `${testid}-ok`, onclick: () => close(true) }, ok)));
    function close(answer) {
      dialog.close();
      dialog.remove();
      resolve(answer);
    }
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(false); });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector(`[data-testid="${testid}-ok"]`).focus();
  });
}

/** Calls `fn` once no call came for `ms` milliseconds. */
export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

const PALETTE = ['#5b5bd6', '#12a594', '#e5484d', '#f76b15', '#0090ff', '#8e4ec6', '#ad7f58', '#3e63dd'];

/** The colour of series `i` in charts. */
export function color(i) {
  return PALETTE[i % PALETTE.length];
}

/**
 * Draws a Chart.js chart on `canvas` (Chart.js comes from the WebJar as a global). Answers
 * the chart, or null when Chart.js is not available (the caller's table still shows the data).
 */
export function chart(canvas, config) {
  if (typeof window.Chart !== 'function') {
    canvas.replaceWith(h('p', { class: 'muted' }, 'Charts are unavailable: Chart.js did not load.'));
    return null;
  }
  const base = {
    responsive: true,
    maintainAspectRatio: false,
    animation: { duration: 250 },
    plugins: { legend: { display: (config.data.datasets || []).length > 1, position: 'bottom' } },
  };
  return new window.Chart(canvas, { ...config, options: { ...base, ...(config.options || {}) } });
}
