import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS, random } from './support.js';

const { describe: say, outline, describeSegment, describeWindow, describeCount, kindOf, FIELD_OPS, NUMBER_OPS } =
  await import(new URL('describe.js', JS));

// The example segments of shared/spec/segment-definition.md, as docs/segment-language.md writes them.
const EXAMPLES = [
  ['Abandoned cart',
    { sequence: [{ did: 'Added To Cart' }, { didNot: 'Charged', within: '1h' }], when: { last: '7d' }, occurrence: 'last' },
    'did Added To Cart, then did not Charged within 1 hour, starting in the last 7 days (latest Added To Cart only)'],
  ['Frequent buyers',
    { did: 'Charged', when: { last: '30d' }, count: { op: 'gte', value: 3 } },
    'did Charged at least 3 times in the last 30 days'],
  ['High spenders',
    { did: 'Charged', aggregate: { fn: 'sum', property: 'amount', op: 'gt', value: 700 } },
    'did Charged with total amount > 700'],
  ['Lapsed visitors',
    { and: [{ did: 'App Launched', when: { from: '90d', to: '30d' }, count: { op: 'gte', value: 5 } }, { didNot: 'App Launched', when: { last: '30d' } }] },
    'did App Launched at least 5 times between 90 and 30 days ago and did not App Launched in the last 30 days'],
  ['TV buyers, last 10 days',
    { did: 'Charged', when: { last: '10d' }, where: [{ property: 'category', op: 'eq', value: 'TV' }] },
    'did Charged in the last 10 days where category is TV'],
  ['Visited last month, not last 7 days',
    { and: [{ did: 'App Launched', when: { from: '30d', to: '7d' } }, { didNot: 'App Launched', when: { last: '7d' } }] },
    'did App Launched between 30 and 7 days ago and did not App Launched in the last 7 days'],
  ['Cart, no purchase in 10 minutes',
    { sequence: [{ did: 'Added To Cart' }, { didNot: 'Charged', within: '10m' }], occurrence: 'any' },
    'did Added To Cart, then did not Charged within 10 minutes'],
  ['First-time big buyers in India on Android',
    { and: [
      { did: 'Charged', when: { last: '30d' }, where: [{ property: 'amount', op: 'gt', value: 500 }], firstTime: true },
      { attribute: 'country', op: 'eq', value: 'IN' },
      { attribute: 'os', op: 'eq', value: 'Android' }] },
    'did Charged for the first time in the last 30 days where amount > 500, and country is IN, and os is Android'],
];

for (const [name, filter, words] of EXAMPLES) {
  test(`the example "${name}" reads in plain words`, () => {
    assert.equal(say(filter), words);
  });
}

test('the brief\'s own phrasings', () => {
  assert.equal(say({ did: 'Charged', when: { last: '30d' }, count: { op: 'gte', value: 3 }, where: [{ property: 'amount', op: 'gt', value: 500 }] }),
    'did Charged at least 3 times in the last 30 days where amount > 500');
  assert.equal(say({ didNot: 'App Launched', when: { last: '7d' } }), 'did not App Launched in the last 7 days');
  assert.equal(say({ attribute: 'country', op: 'eq', value: 'IN' }), 'country is IN');
});

test('every operator of attribute and property filters', () => {
  const cases = [
    ['eq', 'IN', 'country is IN'],
    ['neq', 'IN', 'country is not IN'],
    ['gt', 30, 'country > 30'],
    ['gte', 18, 'country ≥ 18'],
    ['lt', '2026-01-01', 'country < "2026-01-01"'],
    ['lte', 99.5, 'country ≤ 99.5'],
    ['between', [18, 35], 'country is between 18 and 35'],
    ['in', ['IN', 'US'], 'country is one of IN, US'],
    ['notIn', ['iOS', 'Android'], 'country is none of iOS, Android'],
    ['contains', 'vip', 'country contains vip'],
    ['notContains', 'vip', 'country does not contain vip'],
    ['startsWith', '+91', 'country starts with +91'],
    ['exists', undefined, 'country is set'],
    ['notExists', undefined, 'country is not set'],
  ];
  assert.deepEqual(cases.map(([op]) => op).sort(), Object.keys(FIELD_OPS).sort(), 'the cases cover every operator');
  for (const [op, value, words] of cases) {
    const attribute = value === undefined ? { attribute: 'country', op } : { attribute: 'country', op, value };
    assert.equal(say(attribute), words, op);
    const property = value === undefined ? { property: 'country', op } : { property: 'country', op, value };
    assert.equal(say({ did: 'Charged', where: [property] }), `did Charged where ${words}`, `${op} in where`);
  }
});

test('values that would pass for another type are quoted, so "500" differs from 500', () => {
  assert.equal(say({ attribute: 'zip', op: 'eq', value: '500' }), 'zip is "500"');
  assert.equal(say({ attribute: 'zip', op: 'eq', value: 500 }), 'zip is 500');
  assert.equal(say({ attribute: 'beta', op: 'eq', value: true }), 'beta is true');
  assert.equal(say({ attribute: 'beta', op: 'eq', value: 'true' }), 'beta is "true"');
  assert.equal(say({ attribute: 'name', op: 'eq', value: '' }), 'name is ""');
});

test('every count operator', () => {
  const cases = [
    ['eq', 1, 'exactly once'], ['eq', 4, 'exactly 4 times'], ['neq', 2, 'other than 2 times'],
    ['gt', 1, 'more than once'], ['gte', 3, 'at least 3 times'], ['lt', 1, 'fewer than 1 time'],
    ['lt', 5, 'fewer than 5 times'], ['lte', 2, 'at most 2 times'], ['between', [2, 5], 'between 2 and 5 times'],
  ];
  assert.deepEqual([...new Set(cases.map(([op]) => op))].sort(), [...NUMBER_OPS].sort());
  for (const [op, value, words] of cases) {
    assert.equal(describeCount({ op, value }), words);
    assert.equal(say({ did: 'Charged', count: { op, value } }), `did Charged ${words}`);
  }
});

test('every aggregate function and operator', () => {
  assert.equal(say({ did: 'Charged', aggregate: { fn: 'avg', property: 'amount', op: 'gte', value: 99.5 } }), 'did Charged with average amount ≥ 99.5');
  assert.equal(say({ did: 'Charged', aggregate: { fn: 'min', property: 'amount', op: 'lt', value: 10 } }), 'did Charged with smallest amount < 10');
  assert.equal(say({ did: 'Charged', aggregate: { fn: 'max', property: 'amount', op: 'lte', value: 10 } }), 'did Charged with largest amount ≤ 10');
  assert.equal(say({ did: 'Charged', aggregate: { fn: 'sum', property: 'amount', op: 'eq', value: 10 } }), 'did Charged with total amount of 10');
  assert.equal(say({ did: 'Charged', aggregate: { fn: 'sum', property: 'amount', op: 'neq', value: 10 } }), 'did Charged with total amount other than 10');
  assert.equal(say({ did: 'Charged', aggregate: { fn: 'sum', property: 'amount', op: 'between', value: [100, 200] } }), 'did Charged with total amount between 100 and 200');
});

test('every window form', () => {
  assert.equal(describeWindow({ last: '10d' }), 'in the last 10 days');
  assert.equal(describeWindow({ last: '1d' }), 'in the last day');
  assert.equal(describeWindow({ last: '1h' }), 'in the last hour');
  assert.equal(describeWindow({ last: '90s' }), 'in the last 90 seconds');
  assert.equal(describeWindow({ last: '2w' }), 'in the last 2 weeks');
  assert.equal(describeWindow({ last: '15m' }), 'in the last 15 minutes');
  assert.equal(describeWindow({ from: '30d', to: '7d' }), 'between 30 and 7 days ago');
  assert.equal(describeWindow({ from: '4w', to: '7d' }), 'between 4 weeks and 7 days ago');
  assert.equal(describeWindow({ between: ['2026-11-01', '2026-11-10'] }), 'between 2026-11-01 and 2026-11-10');
  assert.equal(describeWindow({ between: ['2026-11-01', '2026-11-01'] }), 'on 2026-11-01');
  assert.equal(describeWindow({ between: ['2026-11-01T10:00:00Z', '2026-11-10'] }), 'between 2026-11-01T10:00:00Z and 2026-11-10');
  assert.equal(describeWindow({ since: '2026-11-01' }), 'since 2026-11-01');
  assert.equal(describeWindow(undefined), '');
});

test('sequences with several steps, filters and windows', () => {
  assert.equal(say({
    sequence: [
      { did: 'Product Viewed', where: [{ property: 'category', op: 'eq', value: 'TV' }] },
      { did: 'Added To Cart', within: '1h' },
      { did: 'Charged' },
    ],
    when: { last: '7d' },
    occurrence: 'last',
  }), 'did Product Viewed where category is TV, then did Added To Cart within 1 hour, then did Charged, starting in the last 7 days (latest Product Viewed only)');
  assert.equal(say({ sequence: [{ did: 'Signed Up' }] }), 'did Signed Up');
});

test('not, in segment, reachable, and nesting', () => {
  assert.equal(say({ not: { reachable: 'email' } }), 'not reachable by email');
  assert.equal(say({ reachable: 'sms' }), 'reachable by SMS');
  assert.equal(say({ reachable: 'push' }), 'reachable by push');
  assert.equal(say({ inSegment: 'sgm_1' }), 'in segment sgm_1');
  assert.equal(say({ inSegment: 'sgm_1' }, { segmentName: (id) => (id === 'sgm_1' ? 'Frequent buyers' : null) }), 'in segment Frequent buyers');
  assert.equal(say({ not: { inSegment: 'sgm_1' } }), 'not in segment sgm_1');
  assert.equal(say({ not: { attribute: 'country', op: 'eq', value: 'IN' } }), 'not (country is IN)');
  assert.equal(say({ and: [{ or: [{ attribute: 'plan', op: 'eq', value: 'pro' }, { did: 'Charged' }] }, { attribute: 'country', op: 'eq', value: 'IN' }] }),
    '(plan is pro or did Charged) and country is IN');
  assert.equal(say({ and: [{ or: [{ did: 'Charged' }] }, { reachable: 'email' }] }), 'did Charged and reachable by email');
  assert.equal(say({ or: [{ attribute: 'a', op: 'exists' }, { attribute: 'b', op: 'exists' }, { attribute: 'c', op: 'exists' }] }), 'a is set, or b is set, or c is set');
});

test('the outline lists the filters of groups one per line', () => {
  const [, filter] = EXAMPLES[7];
  assert.deepEqual(outline(filter), {
    text: 'all of',
    children: [
      { text: 'did Charged for the first time in the last 30 days where amount > 500', children: [] },
      { text: 'country is IN', children: [] },
      { text: 'os is Android', children: [] },
    ],
  });
  assert.deepEqual(outline({ not: { or: [{ reachable: 'email' }, { reachable: 'sms' }] } }), {
    text: 'none of', children: [{ text: 'reachable by email', children: [] }, { text: 'reachable by SMS', children: [] }],
  });
  assert.deepEqual(outline({ and: [{ did: 'Charged' }] }), { text: 'did Charged', children: [] });
});

test('static segments are described by their size', () => {
  assert.equal(describeSegment({ type: 'static', members: ['u1', 'u2'] }), 'a fixed list of 2 users');
  assert.equal(describeSegment({ type: 'static', members: ['u1'] }), 'a fixed list of 1 user');
  assert.equal(describeSegment({ type: 'dynamic', filter: { did: 'Charged' } }), 'did Charged');
});

// ---- random definitions: every one reads as words, with nothing left undescribed ----------------

const OPS = Object.keys(FIELD_OPS);
function randomValue(r, op) {
  const scalar = () => r.pick([r.int(-5, 900), 'TV', 'red', '2026-11-01', true, 12.5, 'a b']);
  if (op === 'exists' || op === 'notExists') return undefined;
  if (op === 'between') return r.bool() ? [r.int(0, 10), r.int(11, 99)] : ['a', 'm'];
  if (op === 'in' || op === 'notIn') return Array.from({ length: r.int(1, 3) }, scalar);
  return scalar();
}
function randomTest(r, key, name) {
  const op = r.pick(OPS);
  const value = randomValue(r, op);
  return value === undefined ? { [key]: name, op } : { [key]: name, op, value };
}
function randomWindow(r) {
  return r.pick([
    undefined,
    { last: `${r.int(1, 99)}${r.pick(['s', 'm', 'h', 'd', 'w'])}` },
    { from: `${r.int(10, 99)}d`, to: `${r.int(1, 9)}${r.pick(['h', 'd'])}` },
    { between: ['2026-11-01', r.pick(['2026-11-01', '2026-11-30', '2026-12-01T10:00:00Z'])] },
    { since: '2026-10-01' },
  ]);
}
function withOptional(object, key, value) {
  if (value !== undefined) object[key] = value;
  return object;
}
function randomCondition(r, depth) {
  const kinds = depth > 2 ? ['did', 'didNot', 'attribute', 'sequence', 'inSegment', 'reachable']
    : ['and', 'or', 'not', 'did', 'didNot', 'attribute', 'sequence', 'inSegment', 'reachable'];
  const kind = r.pick(kinds);
  const where = () => (r.bool() ? Array.from({ length: r.int(1, 2) }, () => randomTest(r, 'property', r.pick(['amount', 'color', 'product.category']))) : undefined);
  switch (kind) {
    case 'and':
    case 'or': return { [kind]: Array.from({ length: r.int(1, 3) }, () => randomCondition(r, depth + 1)) };
    case 'not': return { not: randomCondition(r, depth + 1) };
    case 'did': {
      const c = { did: r.pick(['Charged', 'App Launched', 'Added To Cart']) };
      withOptional(c, 'when', randomWindow(r));
      withOptional(c, 'where', where());
      if (r.bool()) {
        const op = r.pick(NUMBER_OPS);
        c.count = { op, value: op === 'between' ? [r.int(0, 3), r.int(4, 9)] : r.int(0, 9) };
      }
      if (r.bool()) {
        const op = r.pick(NUMBER_OPS);
        c.aggregate = { fn: r.pick(['sum', 'avg', 'min', 'max']), property: 'amount', op, value: op === 'between' ? [1, 2.5] : r.int(0, 999) };
      }
      if (r.bool()) c.firstTime = true;
      return c;
    }
    case 'didNot': return withOptional(withOptional({ didNot: 'Charged' }, 'when', randomWindow(r)), 'where', where());
    case 'attribute': return randomTest(r, 'attribute', r.pick(['country', 'age', 'address.city']));
    case 'sequence': {
      const steps = [withOptional({ did: 'Added To Cart' }, 'where', where())];
      for (let i = r.int(0, 2); i > 0; i -= 1) steps.push(withOptional({ did: 'Checkout' }, 'within', r.bool() ? '1h' : undefined));
      if (r.bool()) steps.push({ didNot: 'Charged', within: `${r.int(1, 59)}m` });
      return withOptional(withOptional({ sequence: steps }, 'when', randomWindow(r)), 'occurrence', r.pick(['any', 'last', undefined]));
    }
    case 'inSegment': return { inSegment: 'sgm_x' };
    default: return { reachable: r.pick(['email', 'sms', 'push']) };
  }
}

test('any definition reads as words with nothing undescribed (500 random definitions)', () => {
  const r = random(20261128);
  const kindsSeen = new Set();
  for (let i = 0; i < 500; i += 1) {
    const c = randomCondition(r, 0);
    kindsSeen.add(kindOf(c));
    const text = say(c);
    const json = JSON.stringify(c);
    assert.ok(text.length > 0, json);
    for (const bad of ['undefined', '[object', 'NaN', 'unknown condition', 'null']) {
      assert.ok(!text.includes(bad), `${json} → ${text}`);
    }
    const lines = [];
    const walk = (node) => { lines.push(node.text); node.children.forEach(walk); };
    walk(outline(c));
    assert.ok(lines.every((l) => l && !l.includes('undefined')), json);
  }
  assert.deepEqual([...kindsSeen].sort(), ['and', 'attribute', 'did', 'didNot', 'inSegment', 'not', 'or', 'reachable', 'sequence']);
});
