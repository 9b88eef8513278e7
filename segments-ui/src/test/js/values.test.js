import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS, random } from './support.js';

const {
  parseDuration, joinDuration, formatDuration, durationMs, parseValue, formatValue, parseList, formatList, typeOfValue,
} = await import(new URL('values.js', JS));

test('durations as the language writes them', () => {
  assert.deepEqual(parseDuration('10m'), { amount: 10, unit: 'm' });
  assert.deepEqual(parseDuration('2w'), { amount: 2, unit: 'w' });
  for (const bad of ['0d', '10x', '-1d', '', '1.5h', '01d', '10M', 10, null]) assert.equal(parseDuration(bad), null, String(bad));
  assert.equal(joinDuration('7', 'd'), '7d');
  assert.equal(joinDuration('', 'd'), '');
  assert.equal(formatDuration('1h'), '1 hour');
  assert.equal(formatDuration('90s'), '90 seconds');
  assert.equal(formatDuration('nonsense'), 'nonsense');
  assert.equal(durationMs('10m'), 600_000);
  assert.equal(durationMs('1w'), 7 * 86_400_000);
  assert.ok(Number.isNaN(durationMs('x')));
});

test('typed values: numbers, booleans and strings, with quotes forcing a string', () => {
  assert.equal(parseValue('500'), 500);
  assert.equal(parseValue('-2.5'), -2.5);
  assert.equal(parseValue('true'), true);
  assert.equal(parseValue('TV'), 'TV');
  assert.equal(parseValue('"500"'), '500');
  assert.equal(parseValue('"say \\"hi\\""'), 'say "hi"');
  assert.equal(parseValue(''), '');
});

test('a value written for a field reads back as the same value (random values)', () => {
  const r = random(42);
  const pieces = ['a', 'B', ' ', '"', '\\', ',', '5', '0', '.', '-', 'true', 'e', 'é'];
  for (let i = 0; i < 500; i += 1) {
    let value;
    switch (r.int(0, 3)) {
      case 0: value = r.int(-1000, 1000) / r.pick([1, 10, 100]); break;
      case 1: value = r.bool(); break;
      default: value = Array.from({ length: r.int(0, 6) }, () => r.pick(pieces)).join('');
    }
    assert.deepEqual(parseValue(formatValue(value)), value, JSON.stringify(value));
    const list = Array.from({ length: r.int(1, 4) }, () => r.pick(['red', 'a,b', 7, '7', 'x "y"', true, ' pad ']));
    assert.deepEqual(parseList(formatList(list)), list, JSON.stringify(list));
  }
});

test('lists split on commas outside quotes', () => {
  assert.deepEqual(parseList('red, blue , 3'), ['red', 'blue', 3]);
  assert.deepEqual(parseList('"a, b", c'), ['a, b', 'c']);
  assert.deepEqual(parseList(' , '), []);
  assert.equal(formatList(['red', 'a, b', 3]), 'red, "a, b", 3');
  assert.equal(formatList(['500', 500]), '"500", 500');
});

test('value types as the catalog names them', () => {
  assert.equal(typeOfValue(1.5), 'number');
  assert.equal(typeOfValue('1.5'), 'string');
  assert.equal(typeOfValue(false), 'boolean');
  assert.equal(typeOfValue(undefined), null);
});

test('recorded snapshots sit on the trend points of the same instant', async () => {
  const { recordedAtPoints } = await import(new URL('values.js', JS));
  const points = [
    { t: '2026-11-25', at: '2026-11-25T23:59:59.999Z', count: 10 },
    { t: '2026-11-26', at: '2026-11-26T23:59:59.999Z', count: 11 },
    { t: '2026-11-27', at: '2026-11-27T15:02:10.000Z', count: 12 },
  ];
  const snapshots = [
    { day: '2026-11-24', at: '2026-11-24T23:59:59.999Z', count: 7 },
    { day: '2026-11-26', at: '2026-11-26T23:59:59.999Z', count: 9 },
  ];
  assert.deepEqual(recordedAtPoints(points, snapshots), [null, 9, null]);
  assert.deepEqual(recordedAtPoints(points, []), [null, null, null]);
  // weekly points end on Sundays: only the Sunday's snapshot is drawn
  const weeks = [{ t: '2026-11-16', at: '2026-11-22T23:59:59.999Z', count: 4 }];
  assert.deepEqual(recordedAtPoints(weeks, [{ at: '2026-11-21T23:59:59.999Z', count: 1 }, { at: '2026-11-22T23:59:59.999Z', count: 0 }]), [0]);
});
