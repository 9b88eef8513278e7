/**
 * Pieces the campaign pages share: channel names, a rendered message as a person sees it, a
 * stored message's texts, figure boxes, a segment's name (or that it was deleted) and the one line
 * that sums up a campaign's delivery.
 */
import { h } from '../h.js';
import { ApiError, api, seg } from '../api.js';
import { badge, fmt } from '../ui.js';
import { CHANNEL_LIST } from './common.js';
import { MESSAGE_FIELDS } from './campaign-message.js';

/** The display names of a channel (`{id, label, title}`). */
export function channelInfo(id) {
  return CHANNEL_LIST.find((c) => c.id === id) || { id, label: id, title: id };
}

/** A rendered message as the user would see it. */
export function renderedMessage(channel, message) {
  if (channel === 'email') {
    return h('div', { class: 'preview-email' },
      h('div', { class: 'preview-subject' }, h('span', { class: 'muted' }, 'Subject: '), h('strong', { 'data-testid': 'preview-subject' }, message.subject || '')),
      message.html !== undefined ? h('iframe', {
        class: 'preview-frame', sandbox: '', title: 'HTML body preview', srcdoc: message.html, 'data-testid': 'preview-html',
      }) : null,
      message.text !== undefined ? h('pre', { class: 'preview-text', 'data-testid': 'preview-text' }, message.text) : null);
  }
  if (channel === 'sms') {
    return h('div', { class: 'preview-phone' }, h('div', { class: 'sms-bubble', 'data-testid': 'preview-sms' }, message.text));
  }
  return h('div', { class: 'preview-phone' },
    h('div', { class: 'push-card', 'data-testid': 'preview-push' },
      h('strong', { 'data-testid': 'preview-push-title' }, message.title), h('p', { 'data-testid': 'preview-push-body' }, message.body),
      message.deepLink ? h('div', { class: 'muted small', 'data-testid': 'preview-push-link' }, message.deepLink) : null));
}

/** The texts of a stored message (its templates), field by field. */
export function messageSummary(channel, message) {
  const fields = (MESSAGE_FIELDS[channel] || []).filter((f) => message && message[f.key] !== undefined);
  return h('dl', { class: 'message-summary', 'data-testid': 'message-summary' }, fields.map((f) => [
    h('dt', {}, f.label), h('dd', {}, h('pre', { class: 'preview-text', 'data-testid': `summary-${f.key.toLowerCase()}` }, message[f.key]))]));
}

/** A figure with its label; `data-value` holds the number for tests and tools. */
export function statBox(label, value, testid, extra) {
  return h('div', { class: 'stat', 'data-testid': testid, 'data-value': String(value ?? '') },
    h('div', { class: 'stat-value' }, fmt(value)), h('div', { class: 'stat-label' }, label), extra || null);
}

const STATE_KINDS = { draft: 'neutral', sending: 'info', sent: 'success', failed: 'danger' };

/** A campaign state as a badge. */
export function stateBadge(state, testid = 'campaign-state') {
  return badge(state || 'draft', STATE_KINDS[state] || 'neutral', testid);
}

/** "sent 1,105 · failed 3 · skipped 92 · pending 0" */
export function statsLine(stats) {
  if (!stats) return h('span', { class: 'muted' }, 'no deliveries yet');
  const skipped = stats.skipped && typeof stats.skipped === 'object' ? stats.skipped.total : stats.skipped;
  return h('span', { class: 'stats-line', 'data-testid': 'campaign-stats-line' },
    h('span', {}, `${fmt(stats.sent)} sent`), ' · ',
    h('span', {}, `${fmt(stats.failed)} failed`), ' · ',
    h('span', {}, `${fmt(skipped)} skipped`), ' · ',
    h('span', {}, `${fmt(stats.pending)} pending`),
    typeof stats.audience === 'number' ? h('span', { class: 'muted' }, ` of ${fmt(stats.audience)}`) : null);
}

/** A campaign's delivery in one line: "not sent" for a draft, else its figures. */
export function deliveryLine(campaign) {
  if (campaign.state === 'draft') return h('span', { class: 'muted' }, 'not sent');
  return statsLine(campaign.stats);
}

/**
 * The segment of a campaign: answers `{segment, deleted}` (the segment, or `deleted: true` when the
 * API no longer knows it); other errors are thrown.
 */
export async function segmentOf(campaign) {
  try {
    return { segment: await api.get(`/api/segments/${seg(campaign.segmentId)}`), deleted: false };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { segment: null, deleted: true };
    throw error;
  }
}

/** A link to a segment by name, or the words "deleted segment" with its id. */
export function segmentLink(id, name, testid = 'campaign-segment') {
  if (name === undefined || name === null) {
    return h('span', { class: 'muted', 'data-testid': testid, title: 'The segment was deleted; its campaigns keep their history.' }, `deleted segment ${id}`);
  }
  return h('a', { href: `#/segments/${seg(id)}`, 'data-testid': testid }, name);
}
