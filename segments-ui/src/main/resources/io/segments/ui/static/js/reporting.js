/**
 * What the report pages say and draw, from the reports API's answers: funnel conversion and its headline, the
 * groups of a breakdown chart, and the labels of event buckets. No DOM here, so Node tests can import this module.
 */
import { fmt, percent } from './format.js';
import { formatDuration } from './values.js';

/** Conversion of each step: from the first step and from the previous one. */
export function funnelRows(steps) {
  const first = steps.length ? steps[0].count : 0;
  return steps.map((s, i) => ({
    event: s.event,
    count: s.count,
    fromStart: percent(s.count, first),
    fromPrevious: i === 0 ? '—' : percent(s.count, steps[i - 1].count),
  }));
}

/**
 * The funnel's headline: the conversion from the first to the last step and the sentence after it; a one-step
 * funnel has no conversion, and says how many users did the step in the range.
 */
export function funnelHeadline(steps, { conversionWindow, from, to }) {
  const first = steps[0];
  if (steps.length === 1) {
    return { conversion: null, text: `${fmt(first.count)} users did ${first.event} from ${from} to ${to}` };
  }
  const last = steps[steps.length - 1];
  return {
    conversion: percent(last.count, first.count),
    text: ` of ${fmt(first.count)} users who did ${first.event} went on to ${last.event} within ${formatDuration(conversionWindow)}`,
  };
}

/** A breakdown value as a label: text as is, other JSON values as JSON, no value as "(none)". */
export function valueLabel(value) {
  if (value === null || value === undefined) return '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The groups a breakdown chart draws (`[{label, counts, other?}]`), from the API's groups (largest first): all of
 * them when they fit in `max`, otherwise the `max - 1` largest and one "Other (N values)" group summing the rest
 * step by step. The table below the chart lists every group.
 */
export function chartGroups(groups, max) {
  const list = Array.isArray(groups) ? groups : [];
  const counts = (g) => (g.steps || []).map((s) => s.count || 0);
  if (list.length <= max) return list.map((g) => ({ label: valueLabel(g.value), counts: counts(g) }));
  const shown = list.slice(0, max - 1).map((g) => ({ label: valueLabel(g.value), counts: counts(g) }));
  const rest = list.slice(max - 1);
  const sums = [];
  for (const g of rest) counts(g).forEach((n, i) => { sums[i] = (sums[i] || 0) + n; });
  shown.push({ label: `Other (${rest.length} values)`, counts: sums, other: true });
  return shown;
}

/**
 * An events report bucket as the table and chart name it: the day, or "Week of" its first day. A bucket the answer
 * marks `partial` says so: today's day is counted "so far"; a week cut short by the report's range, or still going
 * on, is "partial", with its number of days when the answer gives it.
 */
export function bucketLabel(point, interval) {
  if (interval !== 'week') return point.partial ? `${point.t} (so far)` : point.t;
  if (!point.partial) return `Week of ${point.t}`;
  const days = Number.isInteger(point.days) && point.days > 0 ? `, ${point.days} day${point.days === 1 ? '' : 's'}` : '';
  return `Week of ${point.t} (partial${days})`;
}
