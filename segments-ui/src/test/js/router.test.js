import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS } from './support.js';

const { parseHash, matchRoute, hashOf } = await import(new URL('router.js', JS));

test('a hash splits into path and query', () => {
  assert.deepEqual(parseHash('#/segments?q=cart'), { path: '/segments', query: { q: 'cart' } });
  assert.deepEqual(parseHash('#/segments/s1/campaigns/new?channel=sms'), { path: '/segments/s1/campaigns/new', query: { channel: 'sms' } });
  assert.deepEqual(parseHash(''), { path: '/', query: {} });
  assert.deepEqual(parseHash('#segments'), { path: '/segments', query: {} });
  assert.deepEqual(parseHash('#/signin?token=a%2Bb&next=%2Fsegments%2Fs1'), { path: '/signin', query: { token: 'a+b', next: '/segments/s1' } });
});

test('routes match whole paths and decode their parameters', () => {
  assert.deepEqual(matchRoute('/segments/:id', '/segments/sgm_1'), { id: 'sgm_1' });
  assert.deepEqual(matchRoute('/segments/:id/edit', '/segments/a%2Fb/edit'), { id: 'a/b' });
  assert.equal(matchRoute('/segments/:id', '/segments/sgm_1/edit'), null);
  assert.equal(matchRoute('/segments/new', '/segments/sgm_1'), null);
  assert.deepEqual(matchRoute('/segments', '/segments/'), {});
  assert.equal(matchRoute('/users/:id', '/users/%E0%A4%A'), null, 'a malformed escape is no match');
});

test('hashes are built back from path and query', () => {
  assert.equal(hashOf('/segments', { q: 'tv buyers' }), '#/segments?q=tv+buyers');
  assert.equal(hashOf('/segments', { q: '' }), '#/segments');
  assert.deepEqual(parseHash(hashOf('/signin', { next: '/segments/s1?x=1' })), { path: '/signin', query: { next: '/segments/s1?x=1' } });
});
