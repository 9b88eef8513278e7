import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS } from './support.js';

const { canRemoveStep, removeStep } = await import(new URL('model.js', JS));

test('the first step cannot be removed when a "did not" step would become first', () => {
  const steps = [{ did: 'Added To Cart' }, { didNot: 'Charged', within: '10m' }];
  assert.deepEqual(canRemoveStep(steps, 0), {
    ok: false, reason: 'A sequence starts with a “did” step: remove the “did not” step first, or remove the whole sequence.',
  });
  assert.throws(() => removeStep(steps, 0), /starts with a “did” step/);
  assert.deepEqual(steps, [{ did: 'Added To Cart' }, { didNot: 'Charged', within: '10m' }], 'nothing changed');
  assert.deepEqual(canRemoveStep(steps, 1), { ok: true, reason: null });
  removeStep(steps, 1);
  assert.deepEqual(steps, [{ did: 'Added To Cart' }]);
  assert.deepEqual(canRemoveStep(steps, 0).ok, false, 'a sequence keeps one step');
});

test('removing a step never turns a "did not" into a "did"', () => {
  const steps = [{ did: 'Product Viewed' }, { did: 'Added To Cart', within: '1h' }, { didNot: 'Charged', within: '10m' }];
  assert.equal(canRemoveStep(steps, 0).ok, true);
  removeStep(steps, 0);
  assert.deepEqual(steps, [{ did: 'Added To Cart' }, { didNot: 'Charged', within: '10m' }], 'the new first step has no wait');
  const middle = [{ did: 'A' }, { did: 'B', within: '1h' }, { didNot: 'C', within: '10m' }];
  removeStep(middle, 1);
  assert.deepEqual(middle, [{ did: 'A' }, { didNot: 'C', within: '10m' }]);
  for (let n = 2; n <= 5; n += 1) {
    for (let i = 0; i < n; i += 1) {
      const s = Array.from({ length: n }, (_, k) => (k === n - 1 ? { didNot: `E${k}`, within: '1m' } : { did: `E${k}` }));
      if (!canRemoveStep(s, i).ok) continue;
      const notsBefore = s.filter((x) => 'didNot' in x && x !== s[i]).length;
      removeStep(s, i);
      assert.ok(!('didNot' in s[0]), JSON.stringify(s));
      assert.equal(s.filter((x) => 'didNot' in x).length, notsBefore, JSON.stringify(s));
    }
  }
});

test('a name is as long as its code points: 150 emoji are 150 characters', async () => {
  const { nameLength } = await import(new URL('model.js', JS));
  assert.equal(nameLength('🎉'.repeat(150)), 150);
  assert.equal(nameLength('Frequent buyers'), 15);
  assert.equal(nameLength('é👍🏽'), 3, 'a skin tone is a code point of its own, as the server counts');
  assert.equal(nameLength(''), 0);
});
