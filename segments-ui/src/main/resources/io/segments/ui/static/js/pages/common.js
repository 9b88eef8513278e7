/**
 * Pieces shared by the pages: segment type badges, loading one segment, the list of segments, cloning.
 */
import { h } from '../h.js';
import { api, ApiError, seg } from '../api.js';
import { badge, toast } from '../ui.js';

const TYPE_KINDS = { dynamic: 'info', live: 'success', static: 'neutral' };

/** The type of a segment as a badge. */
export function typeBadge(type, testid = 'segment-type') {
  return badge(type || 'dynamic', TYPE_KINDS[type] || 'neutral', testid);
}

/**
 * Segment `id`, or null after rendering into `root` that it does not exist (deleted, or a wrong address), with a
 * link back to the list. Other errors are thrown.
 */
export async function loadSegment(id, root) {
  try {
    return await api.get(`/api/segments/${seg(id)}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    root.append(h('div', { class: 'empty', 'data-testid': 'segment-missing' },
      h('div', { class: 'empty-art', 'aria-hidden': 'true' }, '◌'),
      h('h1', { class: 'empty-title', 'data-testid': 'segment-missing-title' }, 'This segment does not exist'),
      h('p', {}, 'It may have been deleted, or the address is wrong.'),
      h('a', { class: 'btn btn-primary', href: '#/segments', 'data-testid': 'segment-missing-back' }, 'Back to the segments')));
    return null;
  }
}

/** Every segment (`[{id, name, ...}]`), for pickers. */
export async function allSegments() {
  const answer = await api.get('/api/segments');
  return (answer && answer.segments) || [];
}

/** Clones a segment and answers the copy. */
export async function cloneSegment(segment) {
  const copy = await api.post(`/api/segments/${seg(segment.id)}/clone`);
  toast(`Cloned as “${copy.name}”.`, 'success');
  return copy;
}

/** The channels of campaigns and reachability, in display order. */
export const CHANNEL_LIST = [
  { id: 'email', label: 'email', title: 'Email' },
  { id: 'sms', label: 'SMS', title: 'SMS' },
  { id: 'push', label: 'push', title: 'Push' },
];
