/**
 * The campaign page (`#/campaigns/{id}`). A draft says that it is not sent, whom it would reach if
 * sent now (the segment's reachability on its channel) and offers to edit, send or delete it. A
 * campaign that started sending shows its delivery progress and figures (polled while it sends),
 * when it was sent, who was left out of the audience and why, and every user's delivery record,
 * paged and filtered by status.
 */
import { h } from '../h.js';
import { api, seg } from '../api.js';
import {
  card, confirmDialog, errorBanner, fmt, pageHeader, percent, spinner, timeAgo, toast,
} from '../ui.js';
import { channelInfo, messageSummary, segmentLink, segmentOf, stateBadge, statBox } from './campaign-parts.js';
import { deliveriesCard } from './deliveries.js';

/** An instant as a date and time, with how long ago in a `<time>` element. */
function when(iso, testid) {
  if (!iso) return h('span', { 'data-testid': testid, class: 'muted' }, 'not yet');
  return h('span', { 'data-testid': testid }, new Date(iso).toLocaleString(), ' (', timeAgo(iso), ')');
}

/** Whom a draft would reach if sent now. */
async function draftAudience(campaign, segment, deleted) {
  const body = h('div', { 'data-testid': 'draft-audience' });
  const info = channelInfo(campaign.channel);
  if (deleted) {
    body.append(h('p', { 'data-testid': 'draft-audience-text' }, 'Its segment was deleted: this draft can no longer be sent.'));
    return body;
  }
  if (campaign.trigger === 'onEnter') {
    body.append(h('p', { 'data-testid': 'draft-audience-text' },
      `Once sent, it goes by ${info.label} to each user who enters ${segment.name} from then on, once per user.`));
    return body;
  }
  const r = await api.get(`/api/segments/${seg(segment.id)}/reachability`);
  const reachable = r[campaign.channel];
  body.dataset.reachable = String(reachable);
  body.dataset.members = String(r.total);
  body.append(
    h('p', { 'data-testid': 'draft-audience-text' }, r.total === 0
      ? `${segment.name} has no users right now: sent now, it would reach no one.`
      : `If sent now, it goes to ${fmt(reachable)} of the ${fmt(r.total)} user${r.total === 1 ? '' : 's'} in ${segment.name} who can be reached by ${info.label}.`),
    h('div', { class: 'stats' },
      statBox('users in the segment now', r.total, 'draft-members'),
      statBox(`reachable by ${info.label}`, reachable, 'draft-reachable'),
      statBox('left out', r.total - reachable, 'draft-left-out')),
    h('p', { class: 'muted small' }, 'The audience is frozen when the send starts: users who join the segment later do not get the message; users without a valid address or who opted out are left out.'));
  return body;
}

/** The send of a campaign: when, and the audience frozen then with who was left out and why. */
function sendSummary(campaign, segmentName) {
  const send = campaign.send;
  if (!send) return h('p', { class: 'muted' }, 'The send is starting…');
  const rows = [
    h('dt', {}, 'Started'), h('dd', {}, when(send.startedAt, 'send-started')),
  ];
  if (campaign.trigger === 'onEnter') {
    return h('div', { 'data-testid': 'send-summary-body' },
      h('dl', { class: 'message-summary' }, rows),
      h('p', {}, `It goes to each user who enters ${segmentName} from then on, once per user.`));
  }
  rows.push(
    h('dt', {}, 'Audience frozen'), h('dd', {}, when(send.frozenAt, 'send-frozen')),
    h('dt', {}, 'Finished'), h('dd', {}, when(send.finishedAt, 'send-finished')));
  const excluded = send.excluded || {};
  const left = [
    excluded.notReachable ? `${fmt(excluded.notReachable)} not reachable (no valid address or token)` : null,
    excluded.optedOut ? `${fmt(excluded.optedOut)} opted out` : null,
  ].filter(Boolean);
  return h('div', { 'data-testid': 'send-summary-body' },
    h('dl', { class: 'message-summary' }, rows),
    h('div', { class: 'stats' },
      statBox('members when frozen', send.members, 'send-members'),
      statBox('audience (reachable)', send.audience, 'send-audience'),
      statBox('left out: not reachable', excluded.notReachable || 0, 'excluded-notReachable'),
      statBox('left out: opted out', excluded.optedOut || 0, 'excluded-optedOut')),
    h('p', { 'data-testid': 'send-excluded' }, left.length ? `Left out: ${left.join(' · ')}` : 'Nobody was left out.'));
}

/** Delivery progress and figures of a campaign that started sending. */
function deliveryFigures(campaign) {
  const st = campaign.stats || {};
  const skipped = st.skipped && typeof st.skipped === 'object' ? st.skipped : { total: st.skipped || 0 };
  const done = (st.sent || 0) + (st.failed || 0) + (skipped.total || 0);
  const audience = st.audience || 0;
  const share = audience ? Math.round((done / audience) * 100) : (campaign.state === 'sent' ? 100 : 0);
  const width = (n) => `${audience ? ((n || 0) / audience) * 100 : 0}%`;
  return [
    h('div', { class: 'progress-head' },
      h('span', {}, campaign.state === 'sending' ? [spinner('Sending…', { inline: true }), ' '] : null,
        `${fmt(done)} of ${fmt(audience)} users done (${percent(done, audience)})`)),
    h('div', {
      class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(share),
      'aria-label': 'Delivery progress', 'data-testid': 'campaign-progress',
    }, h('span', { class: 'progress-sent', style: { width: width(st.sent) } }),
    h('span', { class: 'progress-failed', style: { width: width(st.failed) } }),
    h('span', { class: 'progress-skipped', style: { width: width(skipped.total) } })),
    h('div', { class: 'stats' },
      statBox('audience', audience, 'stat-audience'),
      statBox('sent', st.sent, 'stat-sent'),
      statBox('failed', st.failed, 'stat-failed'),
      statBox('skipped', skipped.total, 'stat-skipped', h('div', { class: 'muted small' },
        [['notReachable', 'not reachable'], ['optedOut', 'opted out'], ['missingPlaceholder', 'missing a placeholder value']]
          .filter(([k]) => skipped[k]).map(([k, label]) => h('div', {}, `${fmt(skipped[k])} ${label}`)))),
      statBox('pending', st.pending, 'stat-pending')),
  ];
}

export async function campaignPage({ root, params, onLeave, alive }) {
  const url = `/api/campaigns/${seg(params.id)}`;
  let campaign = await api.get(url);
  const { segment, deleted } = await segmentOf(campaign);
  if (!alive()) return;
  let timer = null;
  onLeave(() => clearTimeout(timer));
  const info = channelInfo(campaign.channel);
  const page = h('div', { 'data-testid': 'campaign-page' });
  root.append(page);

  function header(actions) {
    return [
      pageHeader(campaign.name, {
        testid: 'campaign-title',
        subtitle: h('span', {}, `${info.title} campaign to `, segmentLink(campaign.segmentId, segment && segment.name, 'campaign-segment')),
        actions,
      }),
      h('div', { class: 'meta-row' }, stateBadge(campaign.state),
        campaign.state === 'draft' ? h('strong', { 'data-testid': 'draft-status' }, 'Not sent yet') : null,
        h('span', { class: 'muted' }, 'Changed ', timeAgo(campaign.updatedAt || campaign.createdAt))),
    ];
  }
  const error = h('div');

  async function showDraft() {
    const send = h('button', {
      type: 'button', class: 'btn btn-primary', 'data-testid': 'send-now', disabled: deleted,
      onclick: async () => {
        const ok = await confirmDialog({ title: 'Send now?', text: `The message goes out by ${info.label} to the reachable users of ${segment.name}. This cannot be undone.`, ok: 'Send now', testid: 'confirm-send' });
        if (!ok) return;
        send.disabled = true;
        try {
          campaign = await api.post(`${url}/send`);
          toast('Sending started.', 'success');
          showStarted();
        } catch (e) {
          error.replaceChildren(errorBanner(e));
          send.disabled = false;
        }
      },
    }, 'Send now');
    const remove = h('button', {
      type: 'button', class: 'btn btn-danger-ghost', 'data-testid': 'delete-campaign',
      onclick: async () => {
        const ok = await confirmDialog({ title: `Delete “${campaign.name}”?`, text: 'The draft is removed for everyone. This cannot be undone.', ok: 'Delete', danger: true, testid: 'confirm-delete' });
        if (!ok) return;
        try {
          await api.del(url);
          toast(`Deleted “${campaign.name}”.`, 'success');
          window.location.hash = '#/campaigns';
        } catch (e) {
          error.replaceChildren(errorBanner(e));
        }
      },
    }, 'Delete');
    const edit = deleted ? null : h('a', { class: 'btn', href: `#/campaigns/${seg(campaign.id)}/edit`, 'data-testid': 'edit-campaign' }, 'Edit');
    const audience = h('div', {}, h('div', { class: 'loading' }, spinner('Checking the audience…')));
    page.replaceChildren(...header([remove, edit, send]), error,
      h('div', { class: 'dashboard' },
        card('Audience if sent now', audience, { testid: 'audience', className: 'span-3' }),
        card('Message', messageSummary(campaign.channel, campaign.message), { className: 'span-3' })));
    try {
      const body = await draftAudience(campaign, segment, deleted);
      if (alive()) audience.replaceChildren(body);
    } catch (e) {
      audience.replaceChildren(errorBanner(e));
    }
  }

  let deliveries = null;
  function showStarted() {
    const figures = h('div', { 'data-testid': 'campaign-stats' });
    const sendBody = h('div');
    deliveries = deliveriesCard(url, alive);
    page.replaceChildren(...header(null), error,
      h('div', { class: 'dashboard' },
        card('Delivery', figures, { testid: 'delivery', className: 'span-3' }),
        card('Send', sendBody, { testid: 'send-summary', className: 'span-3' }),
        deliveries.card,
        card('Message', messageSummary(campaign.channel, campaign.message), { className: 'span-3' })));
    const update = () => {
      figures.replaceChildren(...deliveryFigures(campaign));
      sendBody.replaceChildren(sendSummary(campaign, segment ? segment.name : campaign.segmentId));
    };
    update();
    deliveries.load();
    async function poll() {
      clearTimeout(timer);
      try {
        const before = campaign.state;
        campaign = await api.get(url);
        if (!alive()) return;
        error.replaceChildren();
        if (campaign.state !== before) page.querySelector('[data-testid="campaign-state"]').replaceWith(stateBadge(campaign.state));
        update();
        deliveries.load();
      } catch (e) {
        if (!alive()) return;
        error.replaceChildren(errorBanner(e));
      }
      if (alive() && campaign.state === 'sending') timer = setTimeout(poll, 1500);
    }
    if (campaign.state === 'sending') timer = setTimeout(poll, 1500);
  }

  if (campaign.state === 'draft') await showDraft(); else showStarted();
}
