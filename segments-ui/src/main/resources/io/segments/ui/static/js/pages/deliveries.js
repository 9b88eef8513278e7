/**
 * The delivery records of a campaign (`GET /api/campaigns/{id}/deliveries`) as a card: one row per
 * user of the audience with the status, where the message went, the provider's message id or the
 * reason of a failure or skip, attempts and last change; 50 records a page in user id order,
 * filtered by status.
 */
import { h } from '../h.js';
import { api, seg } from '../api.js';
import { badge, card, emptyState, errorBanner, fmt, spinner, timeAgo } from '../ui.js';

const PAGE = 50;
const STATUSES = [
  ['', 'All records'], ['sent', 'Sent'], ['failed', 'Failed'], ['skipped', 'Skipped'],
  ['pending', 'Pending'], ['claimed', 'Being sent'],
];
const STATUS_KINDS = { sent: 'success', failed: 'danger', skipped: 'warning', pending: 'neutral', claimed: 'info' };

function row(d) {
  const detail = d.reason || d.providerMessageId || '';
  return h('tr', { 'data-testid': 'delivery-row', 'data-user': d.userId },
    h('td', {}, h('a', { href: `#/users/${seg(d.userId)}` }, d.userId)),
    h('td', {}, badge(d.status, STATUS_KINDS[d.status] || 'neutral', 'delivery-status')),
    h('td', { 'data-testid': 'delivery-recipient' }, d.recipient || '—'),
    h('td', { class: d.reason ? null : 'muted small', 'data-testid': 'delivery-detail' }, detail),
    h('td', { 'data-testid': 'delivery-attempts' }, fmt(d.attempts)),
    h('td', {}, timeAgo(d.updatedAt)));
}

/** The card and `load()`, which (re)loads the page shown. */
export function deliveriesCard(campaignUrl, alive) {
  const cursors = [null];
  let index = 0;
  let status = '';
  let loading = null;
  const body = h('div', {}, h('div', { class: 'loading' }, spinner('Loading delivery records…')));
  const prev = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'deliveries-prev', disabled: true }, '← Previous');
  const next = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'deliveries-next', disabled: true }, 'Next →');
  const range = h('span', { class: 'muted small', 'data-testid': 'deliveries-range', 'aria-live': 'polite' });
  const filter = h('select', { 'data-testid': 'delivery-filter', 'aria-label': 'Show records with status' },
    STATUSES.map(([value, label]) => h('option', { value }, label)));

  async function load() {
    const mine = {};
    loading = mine;
    try {
      const answer = await api.get(`${campaignUrl}/deliveries`, { limit: PAGE, after: cursors[index], status });
      if (loading !== mine || !alive()) return;
      const records = answer.deliveries || [];
      cursors.length = index + 1;
      if (answer.next) cursors.push(answer.next);
      prev.disabled = index === 0;
      next.disabled = !answer.next;
      range.textContent = records.length ? `Records ${fmt(index * PAGE + 1)}–${fmt(index * PAGE + records.length)}` : '';
      body.replaceChildren(records.length
        ? h('table', { class: 'table', 'data-testid': 'delivery-list' },
          h('thead', {}, h('tr', {}, ['User', 'Status', 'Sent to', 'Message id or reason', 'Attempts', 'Last change']
            .map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, records.map(row)))
        : emptyState(status ? 'No records with this status' : 'No delivery records yet', null, null, 'deliveries-empty'));
    } catch (error) {
      if (loading === mine && alive()) body.replaceChildren(errorBanner(error, { retry: load }));
    }
  }
  prev.addEventListener('click', () => { index -= 1; load(); });
  next.addEventListener('click', () => { index += 1; load(); });
  filter.addEventListener('change', () => {
    status = filter.value;
    index = 0;
    cursors.length = 1;
    load();
  });

  return {
    card: card('Delivery records', [body, h('div', { class: 'pager' }, prev, range, next)], {
      testid: 'deliveries', className: 'span-3', actions: filter,
    }),
    load,
  };
}
