/**
 * The member list of a static segment as the builder edits it, and as an uploaded CSV file gives it. No DOM here,
 * so Node tests can import this module.
 *
 * - The list field is one id per line, exactly as typed: no trimming, no quotes, no header. Lines that are empty or
 *   hold only spaces and tabs are dropped; nothing else is. So a stored list shown one id per line and saved
 *   unchanged is the same list.
 * - An uploaded file is read as the server reads `POST /api/segments/import-csv`: the first column of each record,
 *   RFC 4180 quoting (a quoted field may hold commas, quotes written twice and line breaks, and is taken exactly; an
 *   unquoted one is trimmed of spaces and tabs), blank lines ignored, a first record `userId` or `user_id` (any
 *   case) skipped as a header, a leading byte-order mark skipped. A malformed record is an error naming the line it
 *   starts on, in the server's words.
 */
import { fmt, plural } from './format.js';

const LINE_BREAK = /\r\n|\n|\r/;
const BLANK = /^[ \t]*$/;

/** The ids of the list field: one per line, verbatim; blank lines dropped. Duplicates are kept (the preview counts them). */
export function parseMemberLines(text) {
  return String(text ?? '').split(LINE_BREAK).filter((line) => !BLANK.test(line));
}

/**
 * Stored member ids as the list field shows them, one per line; `verbatim` is false when an id cannot be shown that
 * way (it holds a line break, or only spaces), so that editing the text would change it.
 */
export function formatMemberLines(ids) {
  const list = Array.isArray(ids) ? ids : [];
  const verbatim = list.every((id) => !LINE_BREAK.test(id) && !BLANK.test(id));
  return { text: list.join('\n'), verbatim };
}

/** A CSV record that cannot be read: the message starts with `CSV line N:`, as the server's does. */
export class CsvError extends Error {
  constructor(line, message) {
    super(`CSV line ${line}: ${message}`);
    this.name = 'CsvError';
    this.line = line;
  }
}

function trimSpaces(text) {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** The first field of every non-blank record of CSV text, with the line each starts on. */
function firstFields(text) {
  const s = String(text ?? '');
  const out = [];
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const isBreak = (c) => c === '\n' || c === '\r';
  const eatBreak = () => {
    if (s[i] === '\r' && s[i + 1] === '\n') i += 2; else i += 1;
    line += 1;
  };
  while (i < s.length) {
    const start = line;
    const fields = [];
    let firstQuoted = false;
    let blank = true;
    for (;;) {
      let field = '';
      while (s[i] === ' ' || s[i] === '\t') { field += s[i]; i += 1; }
      const quoted = s[i] === '"';
      if (quoted) {
        blank = false;
        field = '';
        i += 1;
        for (;;) {
          if (i >= s.length) throw new CsvError(start, 'a quoted field is not closed');
          if (s[i] === '"') {
            if (s[i + 1] === '"') { field += '"'; i += 2; continue; }
            i += 1;
            break;
          }
          if (isBreak(s[i])) {
            const br = s[i] === '\r' && s[i + 1] === '\n' ? '\r\n' : s[i];
            field += br;
            i += br.length;
            line += 1;
            continue;
          }
          field += s[i];
          i += 1;
        }
        while (s[i] === ' ' || s[i] === '\t') i += 1;
        if (i < s.length && s[i] !== ',' && !isBreak(s[i])) {
          throw new CsvError(line, `unexpected character '${s[i]}' after a closing quote; a quote inside a quoted field is written twice ("")`);
        }
      } else {
        while (i < s.length && s[i] !== ',' && !isBreak(s[i])) {
          if (s[i] === '"') throw new CsvError(line, 'a quote inside an unquoted field; quote the whole field and write the quote twice ("")');
          field += s[i];
          i += 1;
        }
      }
      const value = quoted ? field : trimSpaces(field);
      if (value !== '' || s[i] === ',') blank = false;
      if (fields.length === 0) firstQuoted = quoted;
      fields.push(value);
      if (s[i] === ',') { i += 1; continue; }
      break;
    }
    if (!blank) out.push({ value: fields[0], line: start, quoted: firstQuoted });
    if (i < s.length && isBreak(s[i])) eatBreak();
  }
  return out;
}

/**
 * The user ids of an uploaded CSV file, in file order, duplicates kept (the server keeps the first of each; the
 * preview counts the others as duplicates). Throws a {@link CsvError} for a malformed record or an empty id.
 */
export function parseMemberCsv(text) {
  const ids = [];
  firstFields(text).forEach((field, index) => {
    if (index === 0 && /^user_?id$/i.test(field.value)) return;
    if (field.value === '') throw new CsvError(field.line, 'the user id (first column) is empty');
    ids.push(field.value);
  });
  return ids;
}

/**
 * Why a static list counts fewer users than it lists, from a count or preview answer carrying `members`
 * (`{listed, duplicates, merged, unknown}`): "6 listed: 2 users now — 1 duplicate, 1 merged into another user,
 * 2 unknown ids". Null when the answer has no breakdown.
 */
export function memberBreakdownText(answer) {
  const m = answer && answer.members;
  if (!m || typeof m !== 'object' || typeof m.listed !== 'number') return null;
  const reasons = [];
  if (m.duplicates) reasons.push(plural(m.duplicates, 'duplicate'));
  if (m.merged) reasons.push(m.merged === 1 ? '1 merged into another user' : `${fmt(m.merged)} merged into other users`);
  if (m.unknown) reasons.push(plural(m.unknown, 'unknown id'));
  return `${fmt(m.listed)} listed: ${plural(answer.count, 'user')} now${reasons.length ? ` — ${reasons.join(', ')}` : ''}`;
}
