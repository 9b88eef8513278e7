/**
 * Pieces shared by the pages: segment type badges, the list of segments, cloning.
 */
import { api, seg } from '../api.js';
import { badge, toast } from '../ui.js';

const TYPE_KINDS = { dynamic: 'info', live: 'success', static: 'neutral' };

/** The type of a segment as a badge. */
export function typeBadge(type, testid = 'segment-type') {
  return badge(type || 'dynamic', TYPE_KINDS[type] || 'neutral', testid);
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
