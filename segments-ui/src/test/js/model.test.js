import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS } from './support.js';

const {
  CONDITION_KINDS, newCondition, valueShape, reshapeValue, setOp, switchEventMode, firstIncomplete,
  defaultWindow, windowMode,
} = await import(new URL('model.js', JS));
const { kindOf, FIELD_OPS } = await import(new URL('describe.js', JS));

test('every kind the builder adds is a condition of that kind', () => {
  const expected = { did: 'did', didNot: 'didNot', attribute: 'attribute', sequence: 'sequence', inSegment: 'inSegment', reachable: 'reachable', group: 'or' };
  for (const { kind } of CONDITION_KINDS) assert.equal(kindOf(newCondition(kind)), expected[kind], kind);
  assert.throws(() => newCondition('nope'), /unknown condition kind: nope/);
});

test('every operator has a value shape', () => {
  for (const op of Object.keys(FIELD_OPS)) assert.ok(['none', 'one', 'pair', 'list'].includes(valueShape(op)), op);
  assert.equal(valueShape('exists'), 'none');
  assert.equal(valueShape('between'), 'pair');
  assert.equal(valueShape('notIn'), 'list');
  assert.equal(valueShape('startsWith'), 'one');
});

test('changing the operator keeps the first value in the new shape', () => {
  assert.deepEqual(reshapeValue('eq', 'between', 5), [5, '']);
  assert.deepEqual(reshapeValue('eq', 'in', 'TV'), ['TV']);
  assert.deepEqual(reshapeValue('eq', 'in', ''), []);
  assert.equal(reshapeValue('in', 'eq', ['TV', 'Radio']), 'TV');
  assert.equal(reshapeValue('between', 'gt', [3, 9]), 3);
  assert.deepEqual(reshapeValue('between', 'between', [3, 9]), [3, 9]);
  assert.equal(reshapeValue('eq', 'exists', 5), undefined);
  assert.equal(reshapeValue('exists', 'eq', undefined), '');
  assert.equal(reshapeValue('gt', 'lt', 4), 4);
  const test1 = setOp({ attribute: 'age', op: 'eq', value: 3 }, 'exists');
  assert.deepEqual(test1, { attribute: 'age', op: 'exists' });
  assert.deepEqual(setOp(test1, 'between'), { attribute: 'age', op: 'between', value: ['', ''] });
});

test('did becomes didNot without count, aggregate and first time, and back', () => {
  const did = { did: 'Charged', when: { last: '7d' }, where: [{ property: 'amount', op: 'gt', value: 1 }], count: { op: 'gte', value: 2 }, firstTime: true };
  const didNot = switchEventMode(did, 'didNot');
  assert.deepEqual(didNot, { didNot: 'Charged', when: { last: '7d' }, where: [{ property: 'amount', op: 'gt', value: 1 }] });
  assert.deepEqual(switchEventMode(didNot, 'did'), { did: 'Charged', when: { last: '7d' }, where: [{ property: 'amount', op: 'gt', value: 1 }] });
});

test('the first incomplete place is found before asking the server for a count', () => {
  assert.equal(firstIncomplete({ and: [] }), '$.filter.and');
  assert.equal(firstIncomplete({ and: [{ did: 'Charged' }, { or: [{ attribute: ' ', op: 'eq', value: 1 }] }] }), '$.filter.and[1].or[0].attribute');
  assert.equal(firstIncomplete({ not: { didNot: '' } }), '$.filter.not.didNot');
  assert.equal(firstIncomplete({ did: 'Charged', where: [{ property: 'amount', op: 'gt', value: 1 }, { property: '', op: 'eq', value: 1 }] }), '$.filter.where[1].property');
  assert.equal(firstIncomplete({ did: 'Charged', aggregate: { fn: 'sum', property: '', op: 'gt', value: 1 } }), '$.filter.aggregate.property');
  assert.equal(firstIncomplete({ sequence: [{ did: 'A' }, { didNot: '', within: '1h' }] }), '$.filter.sequence[1].didNot');
  assert.equal(firstIncomplete({ sequence: [{ did: 'A', where: [{ property: '', op: 'exists' }] }] }), '$.filter.sequence[0].where[0].property');
  assert.equal(firstIncomplete({ inSegment: '' }), '$.filter.inSegment');
  assert.equal(firstIncomplete({ and: [{ reachable: 'email' }, { inSegment: 'sgm_1' }, { sequence: [{ did: 'A' }, { didNot: 'B', within: '1h' }] }] }), null);
  assert.equal(firstIncomplete({ bogus: 1 }), '$.filter');
});

test('window modes and their defaults', () => {
  const today = new Date('2026-11-28T15:00:00Z');
  assert.deepEqual(defaultWindow('last', today), { last: '30d' });
  assert.deepEqual(defaultWindow('ago', today), { from: '30d', to: '7d' });
  assert.deepEqual(defaultWindow('between', today), { between: ['2026-11-21', '2026-11-28'] });
  assert.deepEqual(defaultWindow('since', today), { since: '2026-10-29' });
  assert.equal(defaultWindow('any', today), null);
  for (const mode of ['last', 'ago', 'between', 'since']) assert.equal(windowMode(defaultWindow(mode, today)), mode);
  assert.equal(windowMode(undefined), 'any');
});

test('a top-level group of one condition is saved as that condition, and error paths point back into the group', async () => {
  const { savedFilter, editorPath } = await import(new URL('model.js', JS));
  const did = { did: 'Charged', when: { last: '30d' } };
  assert.deepEqual(savedFilter({ and: [did] }), { filter: did, prefix: '$.filter.and[0]' });
  assert.deepEqual(savedFilter({ or: [did] }), { filter: did, prefix: '$.filter.or[0]' });
  const two = { and: [did, { didNot: 'App Launched' }] };
  assert.deepEqual(savedFilter(two), { filter: two, prefix: null });
  assert.deepEqual(savedFilter({ and: [] }), { filter: { and: [] }, prefix: null });
  assert.deepEqual(savedFilter(did), { filter: did, prefix: null });
  assert.equal(editorPath('$.filter.when.last', '$.filter.and[0]'), '$.filter.and[0].when.last');
  assert.equal(editorPath('$.filter', '$.filter.and[0]'), '$.filter.and[0]');
  assert.equal(editorPath('$.filterx', '$.filter.and[0]'), '$.filterx');
  assert.equal(editorPath('$.name', '$.filter.and[0]'), '$.name');
  assert.equal(editorPath('$.filter.when.last', null), '$.filter.when.last');
});
