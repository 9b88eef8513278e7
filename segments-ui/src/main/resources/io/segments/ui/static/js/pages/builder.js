/**
 * The segment builder (`#/segments/new`, `#/segments/{id}/edit`): name, description and type,
 * the condition editor (or the member list of a static segment), a plain-words summary, and
 * the live user count (a debounced `POST /api/segments/preview` after every change). A 400
 * from the server is shown next to the field its `path` names.
 */
import { h, uid } from '../h.js';
import { api, ApiError, request, seg } from '../api.js';
import { describe } from '../describe.js';
import { ConditionEditor } from '../editor.js';
import { emptyCatalog, loadCatalog } from '../catalog.js';
import { editorPath, firstIncomplete, newCondition, parseMemberIds, savedFilter } from '../model.js';
import { pathToField } from '../paths.js';
import {
  card, clearFieldErrors, debounce, errorBanner, field, fmt, pageHeader, showFieldError, spinner, toast,
} from '../ui.js';
import { allSegments } from './common.js';

const TYPES = [
  { type: 'dynamic', title: 'Dynamic', text: 'The filter over all history, fresh whenever you look.' },
  { type: 'live', title: 'Live', text: 'Counts events from the moment it is saved; users enter and leave as it happens.' },
  { type: 'static', title: 'Static', text: 'A fixed list of users you upload.' },
];

/**
 * Shows a 400's message next to the field its path names (or in `banner` when no field
 * matches). Answers the element marked, if any.
 */
export function showServerError(error, form, banner) {
  clearFieldErrors(form);
  banner.replaceChildren();
  if (error instanceof ApiError && error.path) {
    const elements = [...form.querySelectorAll('[data-path]')];
    const target = pathToField(error.path, elements.map((el) => el.dataset.path));
    if (target) {
      const matching = elements.filter((el) => el.dataset.path === target);
      const el = matching.find((m) => /^(INPUT|SELECT|TEXTAREA)$/.test(m.tagName)) || matching[0];
      showFieldError(el, error.message);
      return el;
    }
  }
  banner.append(errorBanner(error, { testid: 'form-error' }));
  return null;
}

export async function builderPage({ root, params, onLeave, alive }) {
  const editing = Boolean(params.id);
  const original = editing ? await api.get(`/api/segments/${seg(params.id)}`) : null;
  if (!alive()) return;

  const state = {
    type: (original && original.type) || 'dynamic',
    csv: null,
  };
  let controller = null;
  onLeave(() => controller && controller.abort());

  // ---- fields -----------------------------------------------------------------------------
  const nameInput = h('input', {
    type: 'text', value: (original && original.name) || '', maxlength: '200', required: true, autocomplete: 'off',
    placeholder: 'e.g. Frequent buyers', 'data-testid': 'segment-name', 'data-path': '$.name',
    oninput: () => changed(false),
  });
  const descriptionInput = h('textarea', {
    rows: '2', placeholder: 'What this segment is for (optional)', 'data-testid': 'segment-description', 'data-path': '$.description',
    oninput: () => changed(false),
  });
  descriptionInput.value = (original && original.description) || '';

  const typeName = uid('type');
  const typeFieldset = h('fieldset', { class: 'types', 'data-path': '$.type', 'data-error-inside': '' },
    h('legend', {}, 'Type'),
    TYPES.map((t) => {
      const id = uid('type');
      return h('label', { class: 'type-option', for: id },
        h('input', {
          type: 'radio', name: typeName, id, value: t.type, checked: state.type === t.type, 'data-testid': `segment-type-${t.type}`,
          onchange: () => { state.type = t.type; renderDefinition(); changed(); },
        }),
        h('span', { class: 'type-title' }, t.title),
        h('span', { class: 'type-text' }, t.text));
    }));

  const editor = new ConditionEditor({
    filter: original && original.filter ? structuredClone(original.filter) : newCondition('and'),
    catalog: emptyCatalog(),
    selfId: params.id || null,
    onChange: () => changed(),
  });
  editor.render();

  const membersInput = h('textarea', {
    rows: '8', class: 'mono', placeholder: 'One user id per line', 'data-testid': 'segment-members', 'data-path': '$.members',
    oninput: () => changed(),
  });
  membersInput.value = original && Array.isArray(original.members) ? original.members.join('\n') : '';
  const csvStatus = h('div', { class: 'hint', 'data-testid': 'segment-csv-status', 'aria-live': 'polite' });
  const csvInput = h('input', {
    type: 'file', accept: '.csv,text/csv,text/plain', 'data-testid': 'segment-csv',
    onchange: async () => {
      const file = csvInput.files[0];
      if (!file) return;
      const text = await file.text();
      const ids = parseMemberIds(text);
      if (editing) {
        // an existing segment is updated with the ids read here
        membersInput.value = ids.join('\n');
        csvStatus.textContent = `${file.name}: ${fmt(ids.length)} user ids read into the list.`;
      } else {
        // a new one is created from the file itself (POST /api/segments/import-csv)
        state.csv = { file, count: ids.length };
        membersInput.disabled = true;
        membersInput.value = ids.slice(0, 1000).join('\n') + (ids.length > 1000 ? '\n…' : '');
        csvStatus.replaceChildren(`${file.name}: ${fmt(ids.length)} user ids. `, h('button', {
          type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'segment-csv-clear',
          onclick: () => {
            state.csv = null;
            csvInput.value = '';
            membersInput.disabled = false;
            membersInput.value = '';
            csvStatus.textContent = '';
            changed();
          },
        }, 'Use the list instead'));
      }
      changed();
    },
  });
  const membersSection = h('div', { class: 'members-editor' },
    field('Members', membersInput, { hint: 'User ids, one per line.' }),
    field('Or upload a CSV file', csvInput, { hint: 'The first column holds the user ids; a header row named userId, user_id or id is skipped.' }),
    csvStatus);

  const definition = h('div', { class: 'definition' });
  function renderDefinition() {
    definition.replaceChildren(state.type === 'static' ? membersSection : editor.element);
  }
  renderDefinition();

  // ---- sidebar: count, summary, JSON, save ------------------------------------------------
  const count = h('div', { class: 'big-number', 'data-testid': 'preview-count', 'aria-live': 'polite', 'aria-atomic': 'true' }, '—');
  const countNote = h('p', { class: 'muted small', 'data-testid': 'preview-note' });
  const summary = h('p', { class: 'summary', 'data-testid': 'segment-summary' });
  const json = h('pre', { class: 'json', 'data-testid': 'segment-json' });
  const banner = h('div', { class: 'form-banner' });
  const saveButton = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-segment' }, editing ? 'Save changes' : 'Create segment');
  const cancel = h('a', { class: 'btn', href: editing ? `#/segments/${seg(params.id)}` : '#/segments', 'data-testid': 'cancel' }, 'Cancel');

  const form = h('form', {
    class: 'builder', novalidate: true,
    onsubmit: (e) => { e.preventDefault(); save(); },
  },
  pageHeader(editing ? `Edit ${original.name}` : 'New segment', {
    subtitle: 'Choose what users did, did not do and who they are.',
  }),
  banner,
  h('div', { class: 'builder-grid' },
    h('div', { class: 'builder-main' },
      card('About', [
        field('Name', nameInput),
        field('Description', descriptionInput),
        typeFieldset,
      ]),
      card('Definition', definition, { testid: 'definition' })),
    h('aside', { class: 'builder-side' },
      card('Users now', [count, countNote], { testid: 'preview' }),
      card('In plain words', [summary, h('details', {}, h('summary', {}, 'JSON'), json)]),
      h('div', { class: 'form-actions' }, cancel, saveButton))));
  root.append(form);
  nameInput.focus();

  function body() {
    const b = { name: nameInput.value, type: state.type };
    if (descriptionInput.value.trim()) b.description = descriptionInput.value;
    if (state.type === 'static') b.members = parseMemberIds(membersInput.value);
    else b.filter = savedFilter(editor.filter).filter;
    return b;
  }

  // ---- live count -------------------------------------------------------------------------
  async function preview() {
    if (controller) controller.abort();
    clearFieldErrors(form);
    if (state.type === 'static') {
      const n = state.csv ? state.csv.count : parseMemberIds(membersInput.value).length;
      count.textContent = fmt(n);
      count.dataset.count = String(n);
      countNote.textContent = 'users in the list';
      return;
    }
    const incomplete = firstIncomplete(editor.filter);
    if (incomplete) {
      count.textContent = '—';
      delete count.dataset.count;
      countNote.textContent = 'Complete the definition to see how many users match.';
      return;
    }
    controller = new AbortController();
    const { signal } = controller;
    count.setAttribute('aria-busy', 'true');
    count.classList.add('stale');
    countNote.replaceChildren(spinner('Counting…', { inline: true }), ' counting…');
    try {
      const answer = await api.post('/api/segments/preview', { filter: editor.filter }, { signal });
      count.textContent = fmt(answer.count);
      count.dataset.count = String(answer.count);
      countNote.textContent = state.type === 'live'
        ? 'match over past data now; a live segment counts events from the moment it is saved'
        : 'users match right now';
    } catch (error) {
      if (error.name === 'AbortError') return;
      count.textContent = '—';
      delete count.dataset.count;
      if (error instanceof ApiError && error.status === 400) {
        const marked = showServerError(error, form, banner);
        countNote.textContent = marked ? 'Fix the highlighted field to see the count.' : 'The definition is not valid yet.';
      } else {
        countNote.textContent = `Could not count: ${error.message}`;
      }
    } finally {
      if (!signal.aborted) {
        count.removeAttribute('aria-busy');
        count.classList.remove('stale');
      }
    }
  }
  const schedulePreview = debounce(preview, 400);
  onLeave(() => schedulePreview.cancel());

  const segmentNames = new Map();
  function changed(recount = true) {
    const b = body();
    summary.textContent = state.type === 'static'
      ? `A fixed list of ${fmt(state.csv ? state.csv.count : b.members.length)} users.`
      : firstIncomplete(editor.filter) === '$.filter.and' ? 'No conditions yet.' : `Users who ${describe(editor.filter, { segmentName: (id) => segmentNames.get(id) })}.`;
    json.textContent = JSON.stringify(state.csv ? { ...b, members: `(${state.csv.file.name})` } : b, null, 2);
    if (recount) schedulePreview();
  }

  // ---- save -------------------------------------------------------------------------------
  async function save() {
    clearFieldErrors(form);
    banner.replaceChildren();
    if (!nameInput.value.trim()) {
      showFieldError(nameInput, 'Give the segment a name.');
      nameInput.focus();
      return;
    }
    saveButton.disabled = true;
    saveButton.replaceChildren(spinner('Saving…', { inline: true }), ' Saving…');
    try {
      let saved;
      if (state.type === 'static' && state.csv && !editing) {
        const query = { name: nameInput.value };
        if (descriptionInput.value.trim()) query.description = descriptionInput.value;
        saved = await request('POST', '/api/segments/import-csv', { query, body: state.csv.file, contentType: 'text/csv' });
      } else if (editing) {
        saved = await api.put(`/api/segments/${seg(params.id)}`, body());
      } else {
        saved = await api.post('/api/segments', body());
      }
      toast(editing ? 'Segment saved.' : `Segment “${saved.name}” created.`, 'success');
      window.location.hash = `#/segments/${seg(saved.id)}`;
    } catch (error) {
      if (error instanceof ApiError && state.type !== 'static') {
        error.path = editorPath(error.path, savedFilter(editor.filter).prefix);
      }
      const marked = showServerError(error, form, banner);
      const target = marked || banner;
      target.scrollIntoView({ block: 'center', behavior: 'smooth' });
      if (marked && marked.focus) marked.focus();
    } finally {
      saveButton.disabled = false;
      saveButton.textContent = editing ? 'Save changes' : 'Create segment';
    }
  }

  changed();
  loadCatalog().then((catalog) => { if (alive()) { editor.setCatalog(catalog); } }).catch(() => {});
  allSegments().then((list) => {
    if (!alive()) return;
    for (const s of list) segmentNames.set(s.id, s.name);
    editor.setSegments(list);
    changed();
  }).catch(() => {});
}
