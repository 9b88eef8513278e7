/**
 * The member list of a static segment in the builder: a text field of one user id per line, taken exactly as typed
 * (see members.js), or an uploaded CSV file read as the server reads it. A stored list is shown one id per line;
 * when one of its ids cannot be shown that way (a line break inside an id), the field is read-only and the list
 * is kept as stored unless a file replaces it.
 */
import { h } from '../h.js';
import { CsvError, formatMemberLines, parseMemberCsv, parseMemberLines } from '../members.js';
import { field, fmt } from '../ui.js';

/** Shown instead of the list when it is this long or longer: the file's first ids only. */
const SHOWN_FROM_FILE = 1000;

/**
 * @param stored the stored member ids (empty for a new segment)
 * @param onChange called after every change of the list
 * @returns `{element, members(), file(), listed()}`: the ids to save, the uploaded file (or null), how many ids are listed
 */
export function membersEditor({ stored = [], onChange }) {
  const shown = formatMemberLines(stored);
  let upload = null; // {file, ids}
  const input = h('textarea', {
    rows: '8', class: 'mono', placeholder: 'One user id per line', 'data-testid': 'segment-members', 'data-path': '$.members',
    spellcheck: 'false', oninput: () => onChange(),
  });
  input.value = shown.text;
  const locked = h('p', { class: 'hint', 'data-testid': 'segment-members-locked', hidden: shown.verbatim },
    'Some ids of this list hold line breaks, so it cannot be edited one id per line here; it is kept as it is unless'
    + ' you upload a CSV file to replace it.');
  input.readOnly = !shown.verbatim;

  const status = h('div', { class: 'hint', 'data-testid': 'segment-csv-status', 'aria-live': 'polite' });
  const fileInput = h('input', {
    type: 'file', accept: '.csv,text/csv,text/plain', 'data-testid': 'segment-csv',
    onchange: async () => {
      const file = fileInput.files[0];
      if (!file) return;
      let ids;
      try {
        ids = parseMemberCsv(await file.text());
      } catch (error) {
        if (!(error instanceof CsvError)) throw error;
        fileInput.value = '';
        status.replaceChildren(h('span', { class: 'text-error', 'data-testid': 'segment-csv-error' }, `${file.name}: ${error.message}`));
        return;
      }
      upload = { file, ids };
      input.disabled = true;
      input.value = ids.slice(0, SHOWN_FROM_FILE).join('\n') + (ids.length > SHOWN_FROM_FILE ? '\n…' : '');
      status.replaceChildren(`${file.name}: ${fmt(ids.length)} user ids. `, h('button', {
        type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'segment-csv-clear',
        onclick: () => {
          upload = null;
          fileInput.value = '';
          input.disabled = false;
          input.value = shown.text;
          status.textContent = '';
          onChange();
        },
      }, 'Use the list instead'));
      onChange();
    },
  });

  const element = h('div', { class: 'members-editor' },
    field('Members', input, { hint: 'User ids, one per line, exactly as your app sends them (blank lines are skipped).' }),
    locked,
    field('Or upload a CSV file', fileInput, {
      hint: 'The first column holds the user ids; a first row named userId or user_id is a header. Fields in double quotes may hold commas.',
    }),
    status);

  function members() {
    if (upload) return upload.ids;
    return shown.verbatim ? parseMemberLines(input.value) : stored;
  }

  return {
    element,
    members,
    file: () => (upload ? upload.file : null),
    listed: () => members().length,
  };
}
