/**
 * The segment page (`#/segments/{id}`): how many users are in it now; how many can be reached
 * per channel, each with a button that opens the campaign composer; its campaigns with their
 * delivery stats; the trend of its count by day or week with its direction; its members with
 * paging and CSV export; and for a live segment, users entering and leaving as it happens (each change refreshes
 * the total, reachability, trend and members). A static segment says why its list counts fewer users than it lists.
 */
import { h, replace } from '../h.js';
import { api, seg } from '../api.js';
import { describe } from '../describe.js';
import { memberBreakdownText } from '../members.js';
import { recordedAtPoints } from '../values.js';
import {
  badge, card, chart, color, confirmDialog, debounce, emptyState, errorBanner, fmt, isoDate, pageHeader, percent, pool,
  spinner, timeAgo, toast,
} from '../ui.js';
import {
  allSegments, CHANNEL_LIST, cloneSegment, loadSegment, typeBadge,
} from './common.js';
import { deliveryLine, stateBadge } from './campaign-parts.js';

const DIRECTIONS = {
  increasing: { arrow: '↑', kind: 'success', text: 'increasing' },
  decreasing: { arrow: '↓', kind: 'danger', text: 'decreasing' },
  constant: { arrow: '→', kind: 'neutral', text: 'constant' },
};

/** Loads into `body` with a spinner, and shows an error with "Try again" when it fails. */
async function loading(body, label, work) {
  body.replaceChildren(h('div', { class: 'loading' }, spinner(label)));
  try {
    await work();
  } catch (error) {
    if (error.name === 'AbortError') return;
    body.replaceChildren(errorBanner(error, { retry: () => loading(body, label, work) }));
  }
}

function slug(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'segment';
}

export async function segmentPage({ root, params, onLeave, alive }) {
  const id = params.id;
  const s = await loadSegment(id, root);
  if (!alive() || !s) return;
  const base = `/api/segments/${seg(id)}`;
  const charts = [];
  onLeave(() => charts.forEach((c) => c && c.destroy()));

  // ---- header -----------------------------------------------------------------------------
  const definition = h('p', { class: 'definition-text', 'data-testid': 'segment-definition' },
    s.type === 'static' ? `A fixed list of ${fmt((s.members || []).length)} user ids.` : `Users who ${describe(s.filter)}.`);
  allSegments().then((list) => {
    if (!alive() || s.type === 'static') return;
    const names = new Map(list.map((x) => [x.id, x.name]));
    definition.textContent = `Users who ${describe(s.filter, { segmentName: (x) => names.get(x) })}.`;
  }).catch(() => {});
  const headerBanner = h('div');
  root.append(
    pageHeader(s.name, {
      testid: 'segment-title',
      subtitle: s.description || null,
      actions: [
        h('a', { class: 'btn', href: `#/segments/${seg(id)}/edit`, 'data-testid': 'edit-segment' }, 'Edit'),
        h('button', {
          type: 'button', class: 'btn', 'data-testid': 'clone-segment',
          onclick: async () => {
            try {
              const copy = await cloneSegment(s);
              window.location.hash = `#/segments/${seg(copy.id)}`;
            } catch (error) {
              headerBanner.replaceChildren(errorBanner(error));
            }
          },
        }, 'Clone'),
        h('button', {
          type: 'button', class: 'btn btn-danger-ghost', 'data-testid': 'delete-segment',
          onclick: async () => {
            const ok = await confirmDialog({
              title: `Delete “${s.name}”?`, text: 'The segment is removed for everyone. Its campaigns keep their history.',
              ok: 'Delete', danger: true, testid: 'confirm-delete',
            });
            if (!ok) return;
            try {
              await api.del(base);
              toast(`Segment “${s.name}” deleted.`, 'success');
              window.location.hash = '#/segments';
            } catch (error) {
              headerBanner.replaceChildren(errorBanner(error));
            }
          },
        }, 'Delete'),
      ],
    }),
    h('div', { class: 'meta-row' }, typeBadge(s.type), h('span', { class: 'muted' }, 'Changed ', timeAgo(s.updatedAt || s.createdAt))),
    definition,
    headerBanner);

  // ---- total ------------------------------------------------------------------------------
  const totalBody = h('div');
  const total = h('div', { class: 'big-number', 'data-testid': 'segment-total', 'aria-live': 'polite', 'aria-atomic': 'true' }, '—');
  const asOf = h('p', { class: 'muted small', 'data-testid': 'segment-total-asof' });
  async function loadTotal() {
    const answer = await api.get(`${base}/count`);
    total.textContent = fmt(answer.count);
    total.dataset.count = String(answer.count);
    asOf.replaceChildren('as of ', timeAgo(answer.asOf || new Date().toISOString()));
    replace(totalBody, total, asOf, staticBreakdown(answer));
  }
  const refreshTotal = () => loading(totalBody, 'Counting…', loadTotal);

  // ---- reachability -----------------------------------------------------------------------
  const reachBody = h('div');
  async function loadReach() {
    const r = await api.get(`${base}/reachability`);
    reachBody.replaceChildren(h('ul', { class: 'reach-list' }, CHANNEL_LIST.map((ch) => {
      const n = r[ch.id] || 0;
      const share = r.total ? (n / r.total) * 100 : 0;
      return h('li', { class: 'reach-row', 'data-testid': `reach-${ch.id}`, 'data-count': String(n) },
        h('div', { class: 'reach-text' },
          h('strong', {}, ch.title),
          h('span', { 'data-testid': `reach-${ch.id}-text` }, `Out of ${fmt(r.total)}, ${fmt(n)} can be reached by ${ch.label}`),
          h('span', { class: 'muted' }, ` (${percent(n, r.total)})`)),
        h('div', {
          class: 'meter', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': String(r.total), 'aria-valuenow': String(n),
          'aria-label': `${ch.title} reachability`,
        }, h('span', { style: { width: `${share}%` } })),
        h('a', {
          class: 'btn btn-small', href: `#/segments/${seg(id)}/campaigns/new?channel=${ch.id}`, 'data-testid': `campaign-${ch.id}`,
        }, `Create ${ch.label} campaign`));
    })));
  }

  // ---- trend ------------------------------------------------------------------------------
  let interval = 'day';
  const trendBody = h('div');
  const direction = h('span', { 'data-testid': 'trend-direction' });
  const intervalButtons = ['day', 'week'].map((i) => h('button', {
    type: 'button', class: 'btn btn-small segmented', 'data-testid': `trend-${i}`, 'aria-pressed': String(i === interval),
    onclick: () => {
      interval = i;
      intervalButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.testid === `trend-${i}`)));
      loading(trendBody, 'Loading the trend…', loadTrend);
    },
  }, i === 'day' ? 'By day' : 'By week'));
  async function loadTrend() {
    const now = new Date();
    const from = new Date(now.getTime() - (interval === 'day' ? 29 : 7 * 11) * 86_400_000);
    const [answer, recorded] = await Promise.all([
      api.get(`${base}/trend`, { interval, from: isoDate(from), to: isoDate(now) }),
      api.get(`${base}/snapshots`, { from: isoDate(from), to: isoDate(now) }),
    ]);
    const points = answer.points || [];
    const snapshots = recordedAtPoints(points, (recorded && recorded.snapshots) || []);
    const d = DIRECTIONS[answer.direction] || { arrow: '', kind: 'neutral', text: answer.direction || 'unknown' };
    direction.replaceChildren(badge(`${d.arrow} ${d.text}`, d.kind));
    direction.dataset.direction = answer.direction || '';
    if (!points.length) {
      trendBody.replaceChildren(emptyState('No data for this period', null, null, 'trend-empty'));
      return;
    }
    const canvas = h('canvas', { 'data-testid': 'trend-chart', role: 'img', 'aria-label': `Users in ${s.name} by ${interval}, ${d.text}` });
    trendBody.replaceChildren(
      h('div', { class: 'chart-box' }, canvas),
      h('details', {}, h('summary', {}, 'Show the numbers'),
        h('table', { class: 'table compact', 'data-testid': 'trend-table' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, interval === 'day' ? 'Day' : 'Week of'), h('th', { scope: 'col', class: 'num' }, 'Users'),
            h('th', { scope: 'col', class: 'num', title: 'the count recorded at the end of that day' }, 'Recorded'))),
          h('tbody', {}, points.map((p, i) => h('tr', {}, h('td', {}, p.t), h('td', { class: 'num' }, fmt(p.count)),
            h('td', { class: 'num', 'data-testid': 'trend-recorded' }, snapshots[i] == null ? '–' : fmt(snapshots[i])))))),
        h('p', { class: 'muted small' }, 'The line is recomputed from events with today\'s traits; recorded points are the counts saved at the end of each day.')));
    charts.forEach((c) => c && c.destroy());
    charts.length = 0;
    charts.push(chart(canvas, {
      type: 'line',
      data: {
        labels: points.map((p) => p.t),
        datasets: [{
          label: 'Users', data: points.map((p) => p.count), borderColor: color(0), backgroundColor: `${color(0)}22`,
          fill: true, tension: 0.3, pointRadius: points.length > 40 ? 0 : 3,
        }, {
          label: 'Recorded', data: snapshots, borderColor: color(1), backgroundColor: color(1),
          showLine: false, pointRadius: 4,
        }],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    }));
  }

  // ---- campaigns --------------------------------------------------------------------------
  const campaignsBody = h('div');
  async function loadCampaigns() {
    const answer = await api.get(`${base}/campaigns`);
    const campaigns = (answer && answer.campaigns) || [];
    if (!campaigns.length) {
      campaignsBody.replaceChildren(emptyState('No campaigns yet', 'Reach this segment by email, SMS or push from the reachability card.', null, 'campaigns-empty'));
      return;
    }
    const rows = campaigns.map((c) => {
      const known = c.stats || c.state === 'draft';
      const statsCell = h('td', { 'data-testid': 'campaign-stats' }, known ? deliveryLine(c) : spinner('Loading stats…', { inline: true }));
      return { c, statsCell, row: h('tr', { 'data-testid': 'campaign-row', 'data-id': c.id },
        h('td', {}, h('a', { href: `#/campaigns/${seg(c.id)}`, 'data-testid': 'campaign-link' }, c.name)),
        h('td', {}, (CHANNEL_LIST.find((ch) => ch.id === c.channel) || { title: c.channel }).title),
        h('td', {}, stateBadge(c.state)),
        statsCell,
        h('td', {}, timeAgo(c.updatedAt || c.createdAt))) };
    });
    campaignsBody.replaceChildren(h('table', { class: 'table', 'data-testid': 'campaign-list' },
      h('thead', {}, h('tr', {}, ['Name', 'Channel', 'State', 'Delivery', 'Last change'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.map((r) => r.row))));
    await pool(rows.filter((r) => !r.c.stats && r.c.state !== 'draft').map((r) => async () => {
      try {
        const full = await api.get(`/api/campaigns/${seg(r.c.id)}`);
        r.statsCell.replaceChildren(deliveryLine(full));
      } catch (error) {
        r.statsCell.replaceChildren(h('span', { class: 'text-error' }, error.message));
      }
    }), 3);
  }

  // ---- members ----------------------------------------------------------------------------
  const PAGE = 50;
  const cursors = [null];
  let pageIndex = 0;
  const membersBody = h('div');
  const prev = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'members-prev', disabled: true }, '← Previous');
  const next = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'members-next', disabled: true }, 'Next →');
  const pageLabel = h('span', { class: 'muted small', 'data-testid': 'members-page', 'aria-live': 'polite' });
  async function loadMembers() {
    prev.disabled = true;
    next.disabled = true;
    const answer = await api.get(`${base}/members`, { limit: PAGE, after: cursors[pageIndex] });
    const members = answer.members || [];
    if (answer.next) cursors[pageIndex + 1] = answer.next;
    prev.disabled = pageIndex === 0;
    next.disabled = !answer.next;
    pageLabel.textContent = members.length
      ? `Users ${fmt(pageIndex * PAGE + 1)}–${fmt(pageIndex * PAGE + members.length)}`
      : '';
    membersBody.replaceChildren(members.length
      ? h('ul', { class: 'member-list', 'data-testid': 'member-list' }, members.map((m) => h('li', { 'data-testid': 'member' },
        h('a', { href: `#/users/${seg(m)}` }, m))))
      : emptyState('No users in this segment right now', null, null, 'members-empty'));
  }
  prev.addEventListener('click', () => { pageIndex -= 1; loading(membersBody, 'Loading users…', loadMembers); });
  next.addEventListener('click', () => { pageIndex += 1; loading(membersBody, 'Loading users…', loadMembers); });
  const exportButton = h('button', {
    type: 'button', class: 'btn btn-small', 'data-testid': 'members-export',
    onclick: async () => {
      exportButton.disabled = true;
      try {
        await api.download(`${base}/members`, `${slug(s.name)}-members.csv`, { format: 'csv' });
      } catch (error) {
        membersBody.prepend(errorBanner(error));
      } finally {
        exportButton.disabled = false;
      }
    },
  }, 'Export CSV');

  // ---- layout -----------------------------------------------------------------------------
  const cards = [
    card('Users now', totalBody, { testid: 'total', className: 'span-1', actions: h('button', { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'refresh-total', onclick: refreshTotal }, 'Refresh') }),
    card('Reachability', reachBody, { testid: 'reachability', className: 'span-2' }),
    card('Trend', trendBody, { testid: 'trend', className: 'span-3', actions: h('div', { class: 'card-actions' }, direction, h('div', { class: 'segmented-group', role: 'group', 'aria-label': 'Interval' }, intervalButtons)) }),
  ];
  let liveBody = null;
  if (s.type === 'live') {
    liveBody = h('div');
    cards.push(card('Entering and leaving', liveBody, { testid: 'live-changes', className: 'span-3' }));
  }
  cards.push(
    card('Campaigns', campaignsBody, { testid: 'campaigns', className: 'span-3' }),
    card('Members', [membersBody, h('div', { class: 'pager' }, prev, pageLabel, next)], { testid: 'members', className: 'span-3', actions: exportButton }),
  );
  root.append(h('div', { class: 'dashboard' }, cards));

  // after each entry or exit, every figure of the page that depends on the members is read again
  const refreshMembers = () => Promise.all([
    refreshTotal(),
    loading(reachBody, 'Checking reachability…', loadReach),
    loading(trendBody, 'Loading the trend…', loadTrend),
    loading(membersBody, 'Loading users…', loadMembers),
  ]);
  if (liveBody) startLive(liveBody, `${base}/changes`, onLeave, refreshMembers);

  await Promise.all([
    refreshTotal(),
    loading(reachBody, 'Checking reachability…', loadReach),
    loading(trendBody, 'Loading the trend…', loadTrend),
    loading(campaignsBody, 'Loading campaigns…', loadCampaigns),
    loading(membersBody, 'Loading users…', loadMembers),
  ]);
}

/**
 * Why a static list counts fewer users than it lists (from a count answer's `members`), with samples of the ids
 * never seen and of those merged into another user; nothing for other segments.
 */
function staticBreakdown(answer) {
  const text = memberBreakdownText(answer);
  if (!text) return null;
  const m = answer.members;
  const unknown = Array.isArray(m.unknownSample) ? m.unknownSample : [];
  const merged = Array.isArray(m.mergedSample) ? m.mergedSample : [];
  const more = (shown, all) => (all > shown ? ` and ${fmt(all - shown)} more` : '');
  return h('div', { class: 'member-breakdown' },
    h('p', { 'data-testid': 'segment-members-breakdown' }, text),
    unknown.length ? h('p', { class: 'muted small', 'data-testid': 'segment-members-unknown' },
      `Never seen: ${unknown.join(', ')}${more(unknown.length, m.unknown)}`) : null,
    merged.length ? h('p', { class: 'muted small', 'data-testid': 'segment-members-merged' },
      `Merged: ${merged.map((x) => `${x.id} → ${x.userId}`).join(', ')}${more(merged.length, m.merged)}`) : null,
    m.unknown || m.merged ? h('p', { class: 'muted small' },
      'An id counts once a user with that id is seen; an anonymous id merged into a signed-in user is that user\'s now, under their id.') : null);
}

/** Users entering and leaving a live segment, from its Server-Sent Events stream. */
function startLive(body, url, onLeave, refreshMembers) {
  const status = h('span', { class: 'live-status', 'data-testid': 'live-status', 'data-state': 'connecting' }, 'Connecting…');
  const entered = h('span', { 'data-testid': 'live-entered' }, '0');
  const exited = h('span', { 'data-testid': 'live-exited' }, '0');
  const list = h('ol', { class: 'live-list', 'data-testid': 'live-list', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const empty = h('p', { class: 'muted', 'data-testid': 'live-empty' }, 'Waiting for users to enter or leave…');
  body.replaceChildren(
    h('div', { class: 'live-head' }, status,
      h('span', { class: 'muted' }, ' · ', entered, ' entered · ', exited, ' left since you opened this page')),
    empty, list);
  const counts = { entered: 0, exited: 0 };
  const recount = debounce(refreshMembers, 1500);
  const source = new EventSource(api.streamUrl(url));
  const setStatus = (state, text) => { status.dataset.state = state; status.textContent = text; };
  source.onopen = () => setStatus('open', '● Live');
  source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting',
    source.readyState === EventSource.CLOSED ? 'Disconnected' : 'Reconnecting…');
  const onChange = (event) => {
    let change;
    try { change = JSON.parse(event.data); } catch { return; }
    if (!change || !change.userId) return;
    const kind = (change.change || event.type) === 'exited' ? 'exited' : 'entered';
    counts[kind] += 1;
    entered.textContent = fmt(counts.entered);
    exited.textContent = fmt(counts.exited);
    empty.hidden = true;
    const at = change.at ? new Date(change.at) : new Date();
    list.prepend(h('li', { class: `live-row live-${kind}`, 'data-testid': 'live-change-row', 'data-change': kind, 'data-user': change.userId },
      h('span', { class: 'live-icon', 'aria-hidden': 'true' }, kind === 'entered' ? '→' : '←'),
      h('a', { href: `#/users/${seg(change.userId)}` }, change.userId),
      h('span', {}, kind === 'entered' ? ' entered' : ' left'),
      h('time', { class: 'muted', datetime: change.at || '' }, ` at ${at.toLocaleTimeString()}`)));
    while (list.children.length > 200) list.lastElementChild.remove();
    recount();
  };
  source.onmessage = onChange;
  source.addEventListener('change', onChange);
  source.addEventListener('entered', onChange);
  source.addEventListener('exited', onChange);
  onLeave(() => { source.close(); recount.cancel(); });
}
