/**
 * A user's profile (`#/users/{id}`): traits and the segments the user is in now.
 */
import { h } from '../h.js';
import { api, seg } from '../api.js';
import { card, emptyState, pageHeader } from '../ui.js';
import { allSegments, typeBadge } from './common.js';

function traitValue(value) {
  if (value === null || value === undefined) return h('span', { class: 'muted' }, 'null');
  if (typeof value === 'object') return h('code', {}, JSON.stringify(value));
  return String(value);
}

export async function userPage({ root, params, alive }) {
  const user = await api.get(`/api/users/${seg(params.id)}`);
  if (!alive()) return;
  const traits = Object.entries(user.traits || {});
  // GET /api/users/{id} answers the ids of the user's segments as `segmentIds`
  const ids = Array.isArray(user.segmentIds) ? user.segmentIds : [];
  const segmentList = h('ul', { class: 'plain-list', 'data-testid': 'user-segments' },
    ids.map((id) => h('li', { 'data-id': id, 'data-testid': 'user-segment' }, h('a', { href: `#/segments/${seg(id)}` }, id))));
  allSegments().then((list) => {
    if (!alive()) return;
    const byId = new Map(list.map((s) => [s.id, s]));
    for (const li of segmentList.children) {
      const s = byId.get(li.dataset.id);
      if (s) li.replaceChildren(h('a', { href: `#/segments/${seg(s.id)}` }, s.name), ' ', typeBadge(s.type));
    }
  }).catch(() => {});
  root.append(
    pageHeader(user.userId || params.id, { testid: 'user-title', subtitle: 'User profile' }),
    h('div', { class: 'dashboard' },
      card('Traits', traits.length
        ? h('table', { class: 'table compact traits', 'data-testid': 'user-traits' },
          h('tbody', {}, traits.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, traitValue(v))))))
        : emptyState('No traits', null, null, 'user-traits-empty'), { className: 'span-2' }),
      card('Segments', ids.length ? segmentList : emptyState('In no segment right now', null, null, 'user-segments-empty'), { className: 'span-1' })));
}
