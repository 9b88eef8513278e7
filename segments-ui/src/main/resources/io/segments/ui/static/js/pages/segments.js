/**
 * The segment list (`#/segments`): every segment with its type, user count (fetched in batches,
 * each row filled as its batch answers) and last change; search by name as you type; per row a "+" that shows
 * the filters in plain words, a button to open the segment and one to clone it.
 */
import { h, uid } from '../h.js';
import { api, seg } from '../api.js';
import { chunks, pool } from '../batches.js';
import { outline } from '../describe.js';
import { debounce, emptyState, errorBanner, fmt, pageHeader, spinner, timeAgo, errorText } from '../ui.js';
import { cloneSegment, typeBadge } from './common.js';

function outlineList(node) {
  return h('li', {}, node.text, node.children.length ? h('ul', {}, node.children.map(outlineList)) : null);
}

function filtersOf(segment, names) {
  if (segment.type === 'static') {
    const n = Array.isArray(segment.members) ? segment.members.length : null;
    return h('p', {}, n === null ? 'A fixed list of users.' : `A fixed list of ${fmt(n)} user id${n === 1 ? '' : 's'}.`);
  }
  if (!segment.filter) return h('p', { class: 'muted' }, 'No filter.');
  const tree = outline(segment.filter, { segmentName: (id) => names.get(id) });
  return h('ul', { class: 'outline' }, outlineList(tree));
}

export async function segmentListPage({ root, query, onLeave, alive }) {
  let controller = null;
  onLeave(() => controller && controller.abort());

  const search = h('input', {
    type: 'search', value: query.q || '', placeholder: 'Search by name', autocomplete: 'off',
    'aria-label': 'Search segments by name', 'data-testid': 'segment-search',
  });
  const status = h('span', { class: 'visually-hidden', 'aria-live': 'polite', 'data-testid': 'segment-list-status' });
  const body = h('div', { class: 'list-body' });

  root.append(
    pageHeader('Segments', {
      subtitle: 'Groups of users by what they did, did not do and who they are.',
      actions: h('a', { class: 'btn btn-primary', href: '#/segments/new', 'data-testid': 'create-segment' }, '+ Create segment'),
    }),
    h('div', { class: 'card' },
      h('div', { class: 'toolbar' }, h('div', { class: 'search' }, h('span', { class: 'search-icon', 'aria-hidden': 'true' }, '⌕'), search), status),
      body));

  async function load() {
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    const q = search.value.trim();
    body.replaceChildren(h('div', { class: 'loading' }, spinner('Loading segments…')));
    let segments;
    try {
      const answer = await api.get('/api/segments', { q }, { signal });
      segments = (answer && answer.segments) || [];
    } catch (error) {
      if (error.name === 'AbortError' || !alive()) return;
      body.replaceChildren(errorBanner(error, { retry: load }));
      return;
    }
    if (signal.aborted) return;
    status.textContent = `${segments.length} segment${segments.length === 1 ? '' : 's'}`;
    if (segments.length === 0) {
      body.replaceChildren(q
        ? emptyState(`No segment matches “${q}”`, 'Try another name, or create a segment.', null, 'segments-empty')
        : emptyState('No segments yet', 'A segment is a group of users filtered by what they did, did not do and who they are.',
          h('a', { class: 'btn btn-primary', href: '#/segments/new' }, 'Create your first segment'), 'segments-empty'));
      return;
    }
    const names = new Map(segments.map((s) => [s.id, s.name]));
    const rows = [];
    const tbody = h('tbody');
    const countCells = new Map();
    for (const s of segments) {
      const countCell = h('td', { class: 'num', 'data-testid': 'segment-count', 'aria-busy': 'true' }, spinner('Counting…', { inline: true }));
      countCells.set(s.id, countCell);
      const detailsId = uid('filters');
      const details = h('tr', { class: 'details', id: detailsId, hidden: true, 'data-testid': 'segment-filters' },
        h('td', { colspan: '6' }, h('div', { class: 'filters-box' }, filtersOf(s, names))));
      const expand = h('button', {
        type: 'button', class: 'btn btn-ghost btn-icon expand', 'aria-expanded': 'false', 'aria-controls': detailsId,
        'aria-label': `Show the filters of ${s.name}`, 'data-testid': 'expand-filters',
        onclick: () => {
          const open = details.hidden;
          details.hidden = !open;
          expand.setAttribute('aria-expanded', String(open));
          expand.textContent = open ? '−' : '+';
        },
      }, '+');
      const row = h('tr', { 'data-testid': 'segment-row', 'data-id': s.id },
        h('td', { class: 'name-col' }, h('div', { class: 'name-cell' }, expand,
          h('div', {},
            h('a', { href: `#/segments/${seg(s.id)}`, class: 'segment-name', 'data-testid': 'segment-name-link' }, s.name),
            s.description ? h('div', { class: 'muted small' }, s.description) : null))),
        h('td', {}, typeBadge(s.type)),
        countCell,
        h('td', { 'data-testid': 'segment-updated' }, timeAgo(s.updatedAt || s.createdAt)),
        h('td', { class: 'actions' },
          h('a', { class: 'btn btn-small', href: `#/segments/${seg(s.id)}`, 'data-testid': 'open-segment', 'aria-label': `Open ${s.name}` }, 'Open'),
          h('button', {
            type: 'button', class: 'btn btn-small', 'data-testid': 'clone-segment', 'aria-label': `Clone ${s.name}`,
            onclick: async (e) => {
              e.currentTarget.disabled = true;
              try {
                await cloneSegment(s);
                await load();
              } catch (error) {
                body.prepend(errorBanner(error));
              }
            },
          }, 'Clone')));
      tbody.append(row, details);
      rows.push(row);
    }
    body.replaceChildren(h('table', { class: 'table', 'data-testid': 'segment-list' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col', class: 'num' }, 'Users'),
        h('th', { scope: 'col' }, 'Last change'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      tbody));
    await fillCounts(countCells, signal);
  }

  const reload = debounce(() => {
    const q = search.value.trim();
    history.replaceState(null, '', q ? `#/segments?q=${encodeURIComponent(q)}` : '#/segments');
    load();
  }, 200);
  search.addEventListener('input', reload);
  onLeave(() => reload.cancel());
  await load();
}

/** The most ids one `POST /api/segments/counts` takes (the server refuses more). */
export const COUNTS_PER_REQUEST = 1000;
/** How many counts requests are in flight at once. */
const COUNTS_IN_FLIGHT = 3;

/**
 * Every listed segment's count, {@link COUNTS_PER_REQUEST} ids per request (the server evaluates a request's dynamic
 * segments together, so a batch costs about one count), a few requests at a time; each row is filled as its batch
 * answers, and a batch that fails marks its own rows "error" with the reason.
 */
async function fillCounts(cells, signal) {
  if (signal.aborted || cells.size === 0) return;
  const tasks = chunks([...cells.keys()], COUNTS_PER_REQUEST).map((ids) => async () => {
    if (signal.aborted) return;
    try {
      const answer = await api.post('/api/segments/counts', { ids }, { signal });
      for (const row of answer.counts || []) {
        const cell = cells.get(row.id);
        if (!cell) continue;
        cell.replaceChildren(fmt(row.count));
        cell.dataset.count = String(row.count);
      }
    } catch (error) {
      if (error.name === 'AbortError') return;
      for (const id of ids) {
        cells.get(id).replaceChildren(h('span', { class: 'text-error', title: errorText(error) }, 'error'));
      }
    } finally {
      for (const id of ids) cells.get(id).removeAttribute('aria-busy');
    }
  });
  await pool(tasks, COUNTS_IN_FLIGHT);
}
