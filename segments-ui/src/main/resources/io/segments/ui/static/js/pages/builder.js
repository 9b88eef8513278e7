/**
 * The segment builder (`#/segments/new`, `#/segments/{id}/edit`): name, description and type,
 * the condition editor (or the member list of a static segment), a plain-words summary, and
 * the live user count (a debounced `POST /api/segments/preview` after every change; for a static
 * list, how many of its ids are users now and why the others are not). A 400 from the server is
 * shown next to the field its `path` names.
 */
import { h, uid } from '../h.js';
import { api, ApiError, request, seg } from '../api.js';
import { describe } from '../describe.js';
import { ConditionEditor } from '../editor.js';
import { emptyCatalog, loadCatalog } from '../catalog.js';
import { memberBreakdownText } from '../members.js';
import {
  editorPath, firstIncomplete, MAX_NAME_LENGTH, nameLength, newCondition, savedFilter,
} from '../model.js';
import { pathToField } from '../paths.js';
import {
  card, clearFieldErrors, debounce, errorBanner, field, fmt, lengthCounter, pageHeader, showFieldError, spinner, toast,
} from '../ui.js';
import { allSegments, loadSegment } from './common.js';
import { membersEditor } from './members-editor.js';

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
  const original = editing ? await loadSegment(params.id, root) : null;
  if (!alive() || (editing && !original)) return;

  const state = {
    type: (original && original.type) || 'dynamic',
  };
  let controller = null;
  onLeave(() => controller && controller.abort());

  // ---- fields -----------------------------------------------------------------------------
  const nameInput = h('input', {
    type: 'text', value: (original && original.name) || '', required: true, autocomplete: 'off',
    placeholder: 'e.g. Frequent buyers', 'data-testid': 'segment-name', 'data-path': '$.name',
    oninput: () => changed(false),
  });
  const nameLengthText = lengthCounter(nameInput, MAX_NAME_LENGTH, 'segment-name-length');
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

  const members = membersEditor({
    stored: original && Array.isArray(original.members) ? original.members : [],
    onChange: () => changed(),
  });

  const definition = h('div', { class: 'definition' });
  function renderDefinition() {
    definition.replaceChildren(state.type === 'static' ? members.element : editor.element);
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
        field('Name', nameInput, { hint: nameLengthText }),
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
    if (state.type === 'static') b.members = members.members();
    else b.filter = savedFilter(editor.filter).filter;
    return b;
  }

  // ---- live count -------------------------------------------------------------------------
  async function preview() {
    if (controller) controller.abort();
    clearFieldErrors(form);
    delete count.dataset.pastCount;
    const incomplete = state.type === 'static' ? null : firstIncomplete(editor.filter);
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
      const answer = await api.post('/api/segments/preview',
        state.type === 'static' ? { members: members.members() } : { filter: editor.filter }, { signal });
      if (state.type === 'live') {
        // a live segment sees events from its creation on: saved now, it starts empty
        count.textContent = fmt(0);
        count.dataset.count = '0';
        count.dataset.pastCount = String(answer.count);
        countNote.textContent = 'A live segment counts events from the moment it is saved, so it starts with 0 users.'
          + ` Over past data, ${fmt(answer.count)} users match.`;
      } else {
        count.textContent = fmt(answer.count);
        count.dataset.count = String(answer.count);
        countNote.textContent = state.type === 'static' ? (memberBreakdownText(answer) || 'users in the list now') : 'users match right now';
      }
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
      ? `A fixed list of ${fmt(members.listed())} user ids.`
      : firstIncomplete(editor.filter) === '$.filter.and' ? 'No conditions yet.' : `Users who ${describe(editor.filter, { segmentName: (id) => segmentNames.get(id) })}.`;
    json.textContent = JSON.stringify(b.members && members.file() && !editing ? { ...b, members: `(${members.file().name})` } : b, null, 2);
    if (recount) schedulePreview();
  }

  // ---- save -------------------------------------------------------------------------------
  async function save() {
    clearFieldErrors(form);
    banner.replaceChildren();
    const length = nameLength(nameInput.value);
    if (!nameInput.value.trim() || length > MAX_NAME_LENGTH) {
      showFieldError(nameInput, length > MAX_NAME_LENGTH
        ? `The name is ${length} characters long; at most ${MAX_NAME_LENGTH} are allowed.` : 'Give the segment a name.');
      nameInput.focus();
      return;
    }
    saveButton.disabled = true;
    saveButton.replaceChildren(spinner('Saving…', { inline: true }), ' Saving…');
    try {
      let saved;
      if (state.type === 'static' && members.file() && !editing) {
        // a new list from a file is created from the file itself, which the server reads (large files included)
        const query = { name: nameInput.value };
        if (descriptionInput.value.trim()) query.description = descriptionInput.value;
        saved = await request('POST', '/api/segments/import-csv', { query, body: members.file(), contentType: 'text/csv' });
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
