import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS } from './support.js';

const { chunks, pool } = await import(new URL('batches.js', JS));

test('a list is cut into chunks of at most the given size, in order', () => {
  const ids = Array.from({ length: 2501 }, (_, i) => `s${i}`);
  const parts = chunks(ids, 1000);
  assert.deepEqual(parts.map((p) => p.length), [1000, 1000, 501]);
  assert.deepEqual(parts.flat(), ids);
  assert.deepEqual(chunks([], 1000), []);
  assert.deepEqual(chunks(['a'], 1000), [['a']]);
  assert.throws(() => chunks(['a'], 0), /size/);
});

test('a pool runs every task with at most the limit in flight, and one failure does not stop the others', async () => {
  let running = 0;
  let most = 0;
  const done = [];
  const tasks = Array.from({ length: 7 }, (_, i) => async () => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((resolve) => { setTimeout(resolve, 5 * ((i * 3) % 4)); });
    running -= 1;
    if (i === 2) throw new Error('chunk 2 failed');
    done.push(i);
  });
  const failures = await pool(tasks, 3);
  assert.equal(most, 3);
  assert.deepEqual(done.sort(), [0, 1, 3, 4, 5, 6]);
  assert.deepEqual(failures.map((e) => e.message), ['chunk 2 failed']);
});
