import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JS } from './support.js';

const {
  chartGroups, bucketLabel, funnelRows, funnelHeadline,
} = await import(new URL('reporting.js', JS));
const { humanDuration } = await import(new URL('format.js', JS));

const group = (value, ...counts) => ({ value, steps: counts.map((count) => ({ count })) });

test('a breakdown draws the largest groups and sums the rest as one "Other" group', () => {
  const groups = Array.from({ length: 13 }, (_, i) => group(`c${i}`, 100 - i, 50 - i));
  const drawn = chartGroups(groups, 8);
  assert.equal(drawn.length, 8);
  assert.deepEqual(drawn.slice(0, 7).map((g) => g.label), ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
  assert.deepEqual(drawn[0].counts, [100, 50]);
  const rest = groups.slice(7);
  assert.deepEqual(drawn[7], {
    label: 'Other (6 values)', other: true,
    counts: [rest.reduce((s, g) => s + g.steps[0].count, 0), rest.reduce((s, g) => s + g.steps[1].count, 0)],
  });
  assert.deepEqual(chartGroups(groups.slice(0, 8), 8).map((g) => g.label), groups.slice(0, 8).map((g) => g.value), 'eight fit');
  assert.deepEqual(chartGroups(groups.slice(0, 9), 8).at(-1).label, 'Other (2 values)');
  assert.deepEqual(chartGroups([group(null, 3, 1), group(true, 2, 2), group(7, 1, 0)], 8).map((g) => g.label), ['(none)', 'true', '7']);
  assert.deepEqual(chartGroups([], 8), []);
});

test('buckets not whole are marked: today so far, weeks cut by the range partial; an answer without the mark reads as before', () => {
  assert.equal(bucketLabel({ t: '2026-12-07', count: 3 }, 'day'), '2026-12-07');
  assert.equal(bucketLabel({ t: '2026-12-07', count: 3, days: 1, partial: true }, 'day'), '2026-12-07 (so far)', 'today');
  assert.equal(bucketLabel({ t: '2026-11-30', count: 3, days: 7 }, 'week'), 'Week of 2026-11-30');
  assert.equal(bucketLabel({ t: '2026-12-07', count: 3, days: 1, partial: true }, 'week'), 'Week of 2026-12-07 (partial, 1 day)');
  assert.equal(bucketLabel({ t: '2026-11-12', count: 3, days: 4, partial: true }, 'week'), 'Week of 2026-11-12 (partial, 4 days)');
  assert.equal(bucketLabel({ t: '2026-11-30', count: 3 }, 'week'), 'Week of 2026-11-30', 'no days, no partial: today\'s server');
  assert.equal(bucketLabel({ t: '2026-11-30', count: 3, partial: true }, 'week'), 'Week of 2026-11-30 (partial)');
});

test('a funnel reads as conversion from its first step, and a one-step funnel as a count', () => {
  const steps = [{ event: 'Viewed', count: 200 }, { event: 'Added', count: 50 }, { event: 'Charged', count: 10 }];
  assert.deepEqual(funnelRows(steps).map((r) => [r.fromStart, r.fromPrevious]), [['100.0%', '—'], ['25.0%', '25.0%'], ['5.0%', '20.0%']]);
  assert.deepEqual(funnelHeadline(steps, { conversionWindow: '7d', from: '2026-11-08', to: '2026-12-07' }), {
    conversion: '5.0%', text: ' of 200 users who did Viewed went on to Charged within 7 days',
  });
  assert.deepEqual(funnelHeadline([{ event: 'Viewed', count: 1234 }], { conversionWindow: '7d', from: '2026-11-08', to: '2026-12-07' }), {
    conversion: null, text: '1,234 users did Viewed from 2026-11-08 to 2026-12-07',
  });
});

test('median times read in the two largest units', () => {
  assert.equal(humanDuration('PT45S'), '45 s');
  assert.equal(humanDuration('PT0.4S'), '0 s');
  assert.equal(humanDuration('PT5M30S'), '5 min 30 s');
  assert.equal(humanDuration('PT5M'), '5 min');
  assert.equal(humanDuration('PT2H5M10S'), '2 h 5 min');
  assert.equal(humanDuration('PT26H'), '1 d 2 h');
  assert.equal(humanDuration('PT48H30M'), '2 d');
  assert.equal(humanDuration('PT59.6S'), '1 min');
  assert.equal(humanDuration(null), '—');
  assert.equal(humanDuration('soon'), 'soon');
});
