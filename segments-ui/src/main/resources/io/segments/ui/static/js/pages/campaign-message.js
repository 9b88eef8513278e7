/**
 * The message of a campaign, without the page: the fields of each channel, the message a form's
 * values make, a template with each placeholder replaced by its fallback, and the size of an SMS
 * (characters and parts). Pure, tested with Node.
 */

/** The fields of each channel's message, in order. */
export const MESSAGE_FIELDS = {
  email: [
    { key: 'subject', label: 'Subject', required: true, rows: 0 },
    { key: 'html', label: 'HTML body', rows: 10, mono: true, hint: 'HTML. Give at least the HTML or the text body.' },
    { key: 'text', label: 'Text body', rows: 6, hint: 'Plain text, for mail apps that do not show HTML.' },
  ],
  sms: [{ key: 'text', label: 'Text', required: true, rows: 4, max: 1600 }],
  push: [
    { key: 'title', label: 'Title', required: true, rows: 0, max: 200 },
    { key: 'body', label: 'Body', required: true, rows: 3, max: 4000 },
    { key: 'deepLink', label: 'Deep link', rows: 0, hint: 'Optional: a URL with a scheme, e.g. shop://cart or https://example.com/offers' },
  ],
};

/** The message of `channel` from the editor's values, without empty optional fields. */
export function messageOf(channel, values) {
  const message = {};
  for (const f of MESSAGE_FIELDS[channel]) {
    const v = values[f.key] || '';
    if (f.required || v !== '') message[f.key] = v;
  }
  return message;
}

/** The editor's values of a stored message (the inverse of {@link messageOf}). */
export function valuesOf(channel, message) {
  const values = {};
  for (const f of MESSAGE_FIELDS[channel] || []) {
    if (typeof message[f.key] === 'string') values[f.key] = message[f.key];
  }
  return values;
}

// `\{{` (a literal `{{`), or a placeholder `{{ name }}` / `{{ name | "fallback" }}` (escapes \" and \\)
const TOKEN = /\\\{\{|\{\{\s*([A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*)\s*(?:\|\s*"((?:[^"\\]|\\["\\])*)"\s*)?\}\}/g;

/**
 * A template as it reads with every placeholder replaced by its fallback, and the names of the
 * placeholders that have none (they count as empty): what a user without any trait would get.
 */
export function withFallbacks(template) {
  const withoutFallback = [];
  const text = String(template || '').replace(TOKEN, (token, name, fallback) => {
    if (token === '\\{{') return '{{';
    if (fallback === undefined) {
      if (!withoutFallback.includes(name)) withoutFallback.push(name);
      return '';
    }
    return fallback.replace(/\\(["\\])/g, '$1');
  });
  return { text, withoutFallback };
}

// the GSM 03.38 default alphabet; the characters of its extension table take two septets each
const GSM = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/**
 * The size of an SMS text: `characters` (as a person counts them), the `encoding` (`gsm` when every
 * character is in the GSM 7-bit alphabet, else `unicode`), and the `parts` it is sent as: one part
 * holds 160 GSM septets or 70 UTF-16 units; a longer text is split into parts of 153 or 67.
 */
export function smsSize(text) {
  const value = String(text || '');
  const characters = [...value].length;
  let septets = 0;
  let gsm = true;
  for (const c of value) {
    if (GSM.includes(c)) septets += 1;
    else if (GSM_EXTENDED.includes(c)) septets += 2;
    else { gsm = false; break; }
  }
  const units = gsm ? septets : value.length;
  const [single, split] = gsm ? [160, 153] : [70, 67];
  const parts = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / split);
  return { characters, encoding: gsm ? 'gsm' : 'unicode', parts };
}
