/**
 * Numbers, shares and durations as the pages show them. No DOM here, so Node tests can import this module.
 */

const numberFormat = new Intl.NumberFormat();

/** 12345 → "12,345" (locale grouping); anything that is not a number → "—". */
export function fmt(n) {
  return typeof n === 'number' && Number.isFinite(n) ? numberFormat.format(n) : '—';
}

/** A share as a percentage with one decimal ("30.0%"); "—" when the whole is 0. */
export function percent(part, whole) {
  if (!whole) return '—';
  return `${(Math.round((part / whole) * 1000) / 10).toFixed(1)}%`;
}

/** "1 user", "2 users", "1,200 users". */
export function plural(n, one, many = `${one}s`) {
  return `${fmt(n)} ${n === 1 ? one : many}`;
}

const ISO_DURATION = /^PT?(?:(\d+)D)?(?:T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)$/;

/** The length of an ISO-8601 duration as the server writes it (`PT26H3M12.5S`), in milliseconds, or NaN. */
export function isoDurationMs(text) {
  const m = typeof text === 'string' && text !== 'P' && text !== 'PT' ? ISO_DURATION.exec(text) : null;
  if (!m) return NaN;
  const [, d, h, min, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/**
 * An ISO duration in its two largest units, rounded to the second: "45 s", "5 min 30 s", "2 h 5 min", "3 d 4 h".
 * No value is "—"; text that is not a duration comes back as is.
 */
export function humanDuration(text) {
  if (text === null || text === undefined) return '—';
  const ms = isoDurationMs(text);
  if (Number.isNaN(ms)) return String(text);
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}
