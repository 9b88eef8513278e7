/**
 * Segment definitions in plain words, for the segment list and the builder's summary.
 * Pure functions over the JSON of the segment language (no DOM), tested with Node.
 *
 *   describe({did: 'Charged', when: {last: '30d'}, count: {op: 'gte', value: 3}})
 *     → "did Charged at least 3 times in the last 30 days"
 */
import { formatDuration, parseDuration, UNITS } from './values.js';

/** How each operator of attribute and property filters reads. */
export const FIELD_OPS = {
  eq: 'is',
  neq: 'is not',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  between: 'is between',
  in: 'is one of',
  notIn: 'is none of',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  exists: 'is set',
  notExists: 'is not set',
};

/** Operators of `count` and `aggregate`. */
export const NUMBER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'];

/** Aggregate functions and how they read. */
export const AGGREGATE_FNS = { sum: 'total', avg: 'average', min: 'smallest', max: 'largest' };

/** Channel names as people write them. */
export const CHANNELS = { email: 'email', sms: 'SMS', push: 'push' };

const NUMBER_LOOKING = /^-?[0-9]/;

/** A literal as a person reads it: strings bare unless they would pass for a number, boolean or nothing. */
export function literal(value) {
  if (typeof value === 'string') {
    const ambiguous = value === '' || value.trim() !== value || NUMBER_LOOKING.test(value)
      || value === 'true' || value === 'false';
    return ambiguous ? JSON.stringify(value) : value;
  }
  if (Array.isArray(value)) return value.map(literal).join(', ');
  return String(value);
}

/** `amount > 500`, `country is IN`, `color is one of red, blue`, `email is set`. */
export function describeTest(name, op, value) {
  const words = FIELD_OPS[op] || op;
  switch (op) {
    case 'exists':
    case 'notExists':
      return `${name} ${words}`;
    case 'between':
      return `${name} ${words} ${pair(value)}`;
    default:
      return `${name} ${words} ${literal(value)}`;
  }
}

function pair(value) {
  return Array.isArray(value) ? `${literal(value[0])} and ${literal(value[1])}` : literal(value);
}

function times(n) {
  return n === 1 ? 'once' : `${n} times`;
}

/** `at least 3 times`, `between 2 and 5 times`. */
export function describeCount(count) {
  const v = count.value;
  switch (count.op) {
    case 'eq': return `exactly ${times(v)}`;
    case 'neq': return `other than ${v === 1 ? '1 time' : `${v} times`}`;
    case 'gt': return `more than ${times(v)}`;
    case 'gte': return `at least ${times(v)}`;
    case 'lt': return `fewer than ${v === 1 ? '1 time' : `${v} times`}`;
    case 'lte': return `at most ${times(v)}`;
    case 'between': return `between ${Array.isArray(v) ? `${v[0]} and ${v[1]}` : v} times`;
    default: return `${count.op} ${literal(v)} times`;
  }
}

const NUMBER_WORDS = {
  eq: 'of', neq: 'other than', gt: '>', gte: '≥', lt: '<', lte: '≤', between: 'between',
};

/** `with total amount > 700`. */
export function describeAggregate(aggregate) {
  const fn = AGGREGATE_FNS[aggregate.fn] || aggregate.fn;
  const value = aggregate.op === 'between' ? pair(aggregate.value) : literal(aggregate.value);
  return `with ${fn} ${aggregate.property} ${NUMBER_WORDS[aggregate.op] || aggregate.op} ${value}`;
}

function unitWord(d, plural) {
  const unit = UNITS.find((u) => u.code === d.unit);
  return plural ? unit.many : unit.one;
}

/** `in the last 30 days`, `between 30 and 7 days ago`, `between 2026-11-01 and 2026-11-10`, `since 2026-11-01`. */
export function describeWindow(when) {
  if (!when) return '';
  if ('last' in when) {
    const d = parseDuration(when.last);
    if (d && d.amount === 1) return `in the last ${unitWord(d, false)}`;
    return `in the last ${formatDuration(when.last)}`;
  }
  if ('from' in when || 'to' in when) {
    const from = parseDuration(when.from);
    const to = parseDuration(when.to);
    if (from && to && from.unit === to.unit) {
      return `between ${from.amount} and ${to.amount} ${unitWord(to, true)} ago`;
    }
    return `between ${formatDuration(when.from)} and ${formatDuration(when.to)} ago`;
  }
  if ('between' in when) {
    const [start, end] = Array.isArray(when.between) ? when.between : [when.between, when.between];
    return start === end ? `on ${start}` : `between ${start} and ${end}`;
  }
  if ('since' in when) return `since ${when.since}`;
  return '';
}

/** A name as written, or an ellipsis while it is still empty in the builder. */
function named(name) {
  return typeof name === 'string' && name.trim() !== '' ? name : '…';
}

function whereClause(where) {
  if (!Array.isArray(where) || where.length === 0) return '';
  return ` where ${where.map((f) => describeTest(named(f.property), f.op, f.value)).join(' and ')}`;
}

function joinWords(...parts) {
  return parts.filter((p) => p && p.length).join(' ');
}

function describeDid(c) {
  return joinWords(
    `did ${named(c.did)}`,
    c.firstTime ? 'for the first time' : '',
    c.count ? describeCount(c.count) : '',
    describeWindow(c.when),
  ) + whereClause(c.where) + (c.aggregate ? ` ${describeAggregate(c.aggregate)}` : '');
}

function describeDidNot(c) {
  return joinWords(`did not ${named(c.didNot)}`, describeWindow(c.when)) + whereClause(c.where);
}

function describeStep(step, index) {
  const within = step.within ? ` within ${formatDuration(step.within)}` : '';
  if ('didNot' in step) return `then did not ${named(step.didNot)}${whereClause(step.where)}${within}`;
  if (index === 0) return `did ${named(step.did)}${whereClause(step.where)}`;
  return `then did ${named(step.did)}${whereClause(step.where)}${within}`;
}

function describeSequence(c) {
  const steps = (c.sequence || []).map(describeStep).join(', ');
  const window = c.when ? `, starting ${describeWindow(c.when)}` : '';
  const first = named(c.sequence && c.sequence[0] && c.sequence[0].did);
  const latest = c.occurrence === 'last' ? ` (latest ${first} only)` : '';
  return `${steps}${window}${latest}`;
}

function isGroup(c) {
  return c && typeof c === 'object' && (('and' in c) || ('or' in c));
}

/** The kind of a condition: its discriminating key (`did`, `and`, ...), or null. */
export function kindOf(c) {
  if (!c || typeof c !== 'object') return null;
  for (const key of ['and', 'or', 'not', 'attribute', 'did', 'didNot', 'sequence', 'inSegment', 'reachable']) {
    if (key in c) return key;
  }
  return null;
}

/**
 * A condition in plain words. `options.segmentName(id)` may name the segments that
 * `inSegment` refers to (the id is shown otherwise).
 */
export function describe(c, options = {}) {
  const nested = (child) => {
    const text = describe(child, options);
    return isGroup(child) && child[kindOf(child)].length > 1 ? `(${text})` : text;
  };
  const join = (children, word) => {
    const texts = children.map(nested);
    // with three or more parts, or a part that has its own "where … and …", commas keep them apart
    const separate = texts.length > 2 || texts.some((t) => t.includes(' where '));
    return texts.join(separate ? `, ${word} ` : ` ${word} `);
  };
  switch (kindOf(c)) {
    case 'and': return c.and.length ? join(c.and, 'and') : 'no conditions yet';
    case 'or': return c.or.length ? join(c.or, 'or') : 'no conditions yet';
    case 'not': {
      const inner = c.not;
      if (kindOf(inner) === 'reachable') return `not reachable by ${CHANNELS[inner.reachable] || inner.reachable}`;
      if (kindOf(inner) === 'inSegment') return `not ${describe(inner, options)}`;
      return `not (${describe(inner, options)})`;
    }
    case 'attribute': return describeTest(named(c.attribute), c.op, c.value);
    case 'did': return describeDid(c);
    case 'didNot': return describeDidNot(c);
    case 'sequence': return describeSequence(c);
    case 'inSegment': {
      const name = options.segmentName ? options.segmentName(c.inSegment) : null;
      return `in segment ${name || named(c.inSegment)}`;
    }
    case 'reachable': return `reachable by ${CHANNELS[c.reachable] || c.reachable}`;
    default: return 'an unknown condition';
  }
}

/**
 * The filters of a segment as an outline: `{text, children}` where a group reads "all of" or
 * "any of" and lists its members, and every other condition is one sentence.
 */
export function outline(c, options = {}) {
  const kind = kindOf(c);
  if ((kind === 'and' || kind === 'or') && c[kind].length > 1) {
    return { text: kind === 'and' ? 'all of' : 'any of', children: c[kind].map((child) => outline(child, options)) };
  }
  if (kind === 'and' || kind === 'or') return outline(c[kind][0], options);
  if (kind === 'not' && isGroup(c.not) && c.not[kindOf(c.not)].length > 1) {
    return { text: kindOf(c.not) === 'and' ? 'not all of' : 'none of', children: c.not[kindOf(c.not)].map((child) => outline(child, options)) };
  }
  return { text: describe(c, options), children: [] };
}

/** A whole segment in plain words (its filter, or its member count for a static segment). */
export function describeSegment(segment, options = {}) {
  if (segment.type === 'static') {
    const n = Array.isArray(segment.members) ? segment.members.length : 0;
    return `a fixed list of ${n} user${n === 1 ? '' : 's'}`;
  }
  return segment.filter ? describe(segment.filter, options) : 'no filter';
}
