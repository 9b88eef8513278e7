import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS, random } from './support.js';

const { keyPath, indexPath, isAncestorOrSelf, pathToField } = await import(new URL('paths.js', JS));

// The fields the builder renders for {"and": [{attribute…}, {did…, when: {last}, where: [{…between…}], count}]}
const FIELDS = [
  '$.name', '$.description', '$.type', '$.members',
  '$.filter', '$.filter.and',
  '$.filter.and[0]', '$.filter.and[0].attribute', '$.filter.and[0].op', '$.filter.and[0].value',
  '$.filter.and[1]', '$.filter.and[1].did', '$.filter.and[1].when', '$.filter.and[1].when.last',
  '$.filter.and[1].where', '$.filter.and[1].where[0]', '$.filter.and[1].where[0].property', '$.filter.and[1].where[0].op',
  '$.filter.and[1].where[0].value', '$.filter.and[1].where[0].value[0]', '$.filter.and[1].where[0].value[1]',
  '$.filter.and[1].count', '$.filter.and[1].count.op', '$.filter.and[1].count.value',
];

test('paths are written as the server writes them', () => {
  assert.equal(keyPath('$', 'filter'), '$.filter');
  assert.equal(indexPath(keyPath('$.filter', 'and'), 1), '$.filter.and[1]');
  assert.equal(keyPath('$.a', 'odd key'), "$.a['odd key']");
  assert.equal(keyPath('$.a', "it's"), "$.a['it\\'s']");
  assert.equal(keyPath('$', '$ref'), '$.$ref');
});

test('an error lands on the field with its exact path', () => {
  for (const path of ['$.name', '$.filter.and[1].when.last', '$.filter.and[1].where[0].value[1]', '$.filter.and[1].count.value']) {
    assert.equal(pathToField(path, FIELDS), path);
  }
});

test('an error below any field lands on the deepest field above it', () => {
  assert.equal(pathToField('$.filter.and[1].colour', FIELDS), '$.filter.and[1]', 'an unknown key: its block');
  assert.equal(pathToField('$.filter.and[1].when.from', FIELDS), '$.filter.and[1].when', 'another window form: the window');
  assert.equal(pathToField('$.filter.and[0].value[2]', FIELDS), '$.filter.and[0].value');
  assert.equal(pathToField("$.filter.and[1]['odd key']", FIELDS), '$.filter.and[1]');
  assert.equal(pathToField('$.members[3]', FIELDS), '$.members');
  assert.equal(pathToField('$.filter.and[2]', FIELDS), '$.filter.and', 'a block the builder does not show: the group');
});

test('a sibling index is never taken for an ancestor', () => {
  assert.equal(isAncestorOrSelf('$.filter.and[1]', '$.filter.and[10].did'), false);
  assert.equal(isAncestorOrSelf('$.filter.and[1]', '$.filter.and[1].did'), true);
  assert.equal(isAncestorOrSelf('$.name', '$.names'), false);
  assert.equal(pathToField('$.filter.and[10].did', ['$.filter.and', '$.filter.and[1]', '$.filter.and[1].did']), '$.filter.and');
});

test('no field, or no path, gives null (the error goes to the banner)', () => {
  assert.equal(pathToField('$.asOf', FIELDS), null);
  assert.equal(pathToField(null, FIELDS), null);
  assert.equal(pathToField('filter', FIELDS), null);
  assert.equal(pathToField('$.name', []), null);
});

test('the chosen field is always an ancestor-or-self, and no deeper one exists (random paths)', () => {
  const r = random(7);
  const keys = ['filter', 'and', 'or', 'not', 'did', 'when', 'last', 'where', 'value', 'count', 'sequence', 'within'];
  const randomPath = () => {
    let p = '$';
    for (let i = r.int(0, 6); i > 0; i -= 1) p = r.bool() ? keyPath(p, r.pick(keys)) : indexPath(p, r.int(0, 11));
    return p;
  };
  for (let i = 0; i < 300; i += 1) {
    const fields = Array.from({ length: r.int(0, 12) }, randomPath);
    const error = randomPath();
    const chosen = pathToField(error, fields);
    const ancestors = fields.filter((f) => error === f || error.startsWith(`${f}.`) || error.startsWith(`${f}[`));
    if (ancestors.length === 0) {
      assert.equal(chosen, null);
    } else {
      assert.ok(ancestors.includes(chosen));
      assert.equal(chosen.length, Math.max(...ancestors.map((a) => a.length)));
    }
  }
});
