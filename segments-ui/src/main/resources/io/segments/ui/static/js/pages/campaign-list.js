/**
 * The campaign list (`#/campaigns?state=&segmentId=`): every campaign, newest first, with its
 * channel, state, segment (by name, linked; or that it was deleted), delivery figures and last
 * change; filtered by state, and by segment when the address names one.
 */
import { h } from '../h.js';
import { api, seg } from '../api.js';
import { hashOf } from '../router.js';
import { emptyState, errorBanner, pageHeader, spinner, timeAgo } from '../ui.js';
import { allSegments } from './common.js';
import { channelInfo, deliveryLine, segmentLink, stateBadge } from './campaign-parts.js';

const STATES = [['', 'All states'], ['draft', 'Drafts'], ['sending', 'Sending'], ['sent', 'Sent'], ['failed', 'Failed']];

export async function campaignListPage({ root, query, alive }) {
  const filter = h('select', { 'data-testid': 'campaign-filter', 'aria-label': 'Show campaigns in state' },
    STATES.map(([value, label]) => h('option', { value, selected: value === (query.state || '') }, label)));
  const segmentId = query.segmentId || '';
  const scope = h('span', { class: 'muted small', 'data-testid': 'campaign-scope' });
  const body = h('div', { class: 'list-body' });
  root.append(
    pageHeader('Campaigns', { subtitle: 'Every campaign, newest first. Create one from a segment’s page, by the channel you want to reach its users on.' }),
    h('div', { class: 'card' }, h('div', { class: 'toolbar' }, filter, scope), body));

  let names = null;
  async function load() {
    body.replaceChildren(h('div', { class: 'loading' }, spinner('Loading campaigns…')));
    let campaigns;
    try {
      if (!names) names = new Map((await allSegments()).map((s) => [s.id, s.name]));
      const answer = await api.get('/api/campaigns', { state: filter.value, segmentId });
      campaigns = (answer && answer.campaigns) || [];
    } catch (error) {
      if (alive()) body.replaceChildren(errorBanner(error, { retry: load }));
      return;
    }
    if (!alive()) return;
    if (segmentId) {
      scope.replaceChildren('Of the segment ', segmentLink(segmentId, names.get(segmentId), 'campaign-scope-segment'), ' · ',
        h('a', { href: hashOf('/campaigns', { state: filter.value }) }, 'show all'));
    }
    if (!campaigns.length) {
      body.replaceChildren(filter.value || segmentId
        ? emptyState('No campaigns here', 'No campaign matches this filter.', null, 'campaigns-empty')
        : emptyState('No campaigns yet', 'Open a segment and reach its users by email, SMS or push from its reachability card.',
          h('a', { class: 'btn btn-primary', href: '#/segments' }, 'Go to segments'), 'campaigns-empty'));
      return;
    }
    body.replaceChildren(h('table', { class: 'table', 'data-testid': 'campaign-table' },
      h('thead', {}, h('tr', {}, ['Name', 'Channel', 'State', 'Segment', 'Delivery', 'Last change'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, campaigns.map((c) => h('tr', { 'data-testid': 'campaign-row', 'data-id': c.id },
        h('td', {}, h('a', { href: `#/campaigns/${seg(c.id)}`, 'data-testid': 'campaign-link' }, c.name)),
        h('td', { 'data-testid': 'campaign-channel' }, channelInfo(c.channel).title),
        h('td', {}, stateBadge(c.state)),
        h('td', {}, segmentLink(c.segmentId, names.get(c.segmentId))),
        h('td', { 'data-testid': 'campaign-figures' }, deliveryLine(c)),
        h('td', { 'data-testid': 'campaign-updated' }, timeAgo(c.updatedAt || c.createdAt)))))));
  }
  filter.addEventListener('change', () => {
    history.replaceState(null, '', hashOf('/campaigns', { state: filter.value, segmentId }));
    load();
  });
  await load();
}
