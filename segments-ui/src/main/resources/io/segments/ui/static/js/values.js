/**
 * Pure helpers for the values the builder edits: durations (`"10m"`) and literal values typed
 * as text. No DOM here, so Node tests can import this module.
 */

/** Duration units of the segment language, shortest first. */
export const UNITS = [
  { code: 's', one: 'second', many: 'seconds', ms: 1000 },
  { code: 'm', one: 'minute', many: 'minutes', ms: 60_000 },
  { code: 'h', one: 'hour', many: 'hours', ms: 3_600_000 },
  { code: 'd', one: 'day', many: 'days', ms: 86_400_000 },
  { code: 'w', one: 'week', many: 'weeks', ms: 604_800_000 },
];

const DURATION = /^([1-9][0-9]{0,9})([smhdw])$/;

/** `"10m"` → `{amount: 10, unit: 'm'}`; anything that is not a duration → null. */
export function parseDuration(text) {
  const match = typeof text === 'string' ? DURATION.exec(text) : null;
  return match ? { amount: Number(match[1]), unit: match[2] } : null;
}

/** Joins an amount and a unit back into a duration (`"10m"`); a missing amount gives `""`. */
export function joinDuration(amount, unit) {
  const text = String(amount ?? '').trim();
  return text === '' ? '' : `${text}${unit}`;
}

/** `"10m"` → `"10 minutes"`, `"1h"` → `"1 hour"`; text that is not a duration comes back as is. */
export function formatDuration(text) {
  const d = parseDuration(text);
  if (!d) return String(text);
  const unit = UNITS.find((u) => u.code === d.unit);
  return `${d.amount} ${d.amount === 1 ? unit.one : unit.many}`;
}

/** The length of a duration in milliseconds, or NaN. */
export function durationMs(text) {
  const d = parseDuration(text);
  return d ? d.amount * UNITS.find((u) => u.code === d.unit).ms : NaN;
}

const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/**
 * Reads a value typed into a field: a number-looking text is a number, `true`/`false` a
 * boolean, anything else a string. Double quotes force a string: `"500"` is the string 500
 * (the language never coerces, so the difference matters).
 */
export function parseValue(text) {
  const raw = String(text ?? '');
  const trimmed = raw.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  if (NUMBER.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  return raw;
}

/**
 * Writes a value for a field so that {@link parseValue} reads it back unchanged: strings
 * that would read as a number or boolean (or have outer spaces, or quotes) are quoted.
 */
export function formatValue(value) {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return String(value);
  const ambiguous = NUMBER.test(value.trim()) || value.trim() === 'true' || value.trim() === 'false'
    || value !== value.trim() || (value.startsWith('"') && value.endsWith('"') && value.length >= 2);
  return ambiguous ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value;
}

/** The JSON type of a value as the catalog names it: 'number', 'string', 'boolean', or null. */
export function typeOfValue(value) {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return null;
}

/** Splits a comma-separated list (commas inside double quotes are kept) into values. */
export function parseList(text) {
  const parts = [];
  let current = '';
  let quoted = false;
  const raw = String(text ?? '');
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (c === '\\' && quoted && i + 1 < raw.length) {
      current += c + raw[i + 1];
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '').map((p) => parseValue(p));
}

/** Writes a list of values as {@link parseList} reads it. */
export function formatList(values) {
  return (Array.isArray(values) ? values : []).map((v) => {
    if (typeof v === 'string' && v.includes(',')) return `"${v.replace(/(["\\])/g, '\\$1')}"`;
    return formatValue(v);
  }).join(', ');
}

/**
 * The recorded snapshots drawn on a trend: for each trend point, the count of the snapshot recorded at the
 * same instant (`point.at` equal to the snapshot's `at`, the end of its day: for weeks, the Sunday's), or null.
 * The current interval's point is `now`, which no snapshot has.
 */
export function recordedAtPoints(points, snapshots) {
  const byAt = new Map(snapshots.map((s) => [s.at, s.count]));
  return points.map((p) => (byAt.has(p.at) ? byAt.get(p.at) : null));
}
