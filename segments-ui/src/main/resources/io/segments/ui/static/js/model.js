/**
 * Pure operations of the builder on segment JSON: new conditions, reshaping a filter's value
 * when its operator changes, and finding the first place a definition is still incomplete.
 * The builder edits the JSON of the segment language directly, so every field's JSON path is
 * exactly the path the server names in its errors.
 */
import { kindOf } from './describe.js';
import { indexPath, keyPath } from './paths.js';

/** Kinds of condition the builder can add, with their labels. */
export const CONDITION_KINDS = [
  { kind: 'did', label: 'Did' },
  { kind: 'didNot', label: 'Did not' },
  { kind: 'attribute', label: 'User attribute' },
  { kind: 'sequence', label: 'Sequence' },
  { kind: 'inSegment', label: 'In segment' },
  { kind: 'reachable', label: 'Reachable' },
  { kind: 'group', label: 'Group (any of)' },
];

/** A fresh condition of `kind` for the builder. */
export function newCondition(kind) {
  switch (kind) {
    case 'did': return { did: '' };
    case 'didNot': return { didNot: '' };
    case 'attribute': return { attribute: '', op: 'eq', value: '' };
    case 'sequence': return { sequence: [{ did: '' }, { didNot: '', within: '10m' }], occurrence: 'any' };
    case 'inSegment': return { inSegment: '' };
    case 'reachable': return { reachable: 'email' };
    case 'group': return { or: [] };
    case 'and': return { and: [] };
    default: throw new Error(`unknown condition kind: ${kind}`);
  }
}

/**
 * A window for a mode of the builder's "when" menu: `any` (no window), `last`, `ago`
 * (`from`/`to`), `between` (dates) or `since` (a date); dates are counted back from `today`.
 */
export function defaultWindow(mode, today = new Date()) {
  const day = (back) => new Date(today.getTime() - back * 86_400_000).toISOString().slice(0, 10);
  switch (mode) {
    case 'last': return { last: '30d' };
    case 'ago': return { from: '30d', to: '7d' };
    case 'between': return { between: [day(7), day(0)] };
    case 'since': return { since: day(30) };
    default: return null;
  }
}

/** The builder's mode for a window (see {@link defaultWindow}). */
export function windowMode(when) {
  if (!when || typeof when !== 'object') return 'any';
  if ('last' in when) return 'last';
  if ('from' in when || 'to' in when) return 'ago';
  if ('between' in when) return 'between';
  if ('since' in when) return 'since';
  return 'any';
}

/** Operators that take no value, one value, two values or a list. */
export function valueShape(op) {
  if (op === 'exists' || op === 'notExists') return 'none';
  if (op === 'between') return 'pair';
  if (op === 'in' || op === 'notIn') return 'list';
  return 'one';
}

/**
 * The value a filter keeps when its operator changes from `oldOp` to `newOp`: the first value
 * carries over, and the shape follows the new operator (`undefined` for `exists`).
 */
export function reshapeValue(oldOp, newOp, value) {
  const from = valueShape(oldOp);
  const to = valueShape(newOp);
  if (to === 'none') return undefined;
  if (from === to && value !== undefined) return value;
  const first = Array.isArray(value) ? value[0] : value;
  const present = first !== undefined && first !== '';
  if (to === 'pair') return [present ? first : '', ''];
  if (to === 'list') return present ? [first] : [];
  return present ? first : '';
}

/** Sets `op` on a field test (`{attribute|property, op, value}`) and reshapes its value. */
export function setOp(test, op) {
  const value = reshapeValue(test.op, op, test.value);
  test.op = op;
  if (value === undefined) delete test.value; else test.value = value;
  return test;
}

/** A `did` turned into a `didNot` or back; a `didNot` keeps only window and filters. */
export function switchEventMode(condition, mode) {
  const event = 'did' in condition ? condition.did : condition.didNot;
  const next = { [mode]: event };
  if (condition.when) next.when = condition.when;
  if (condition.where) next.where = condition.where;
  if (mode === 'did') {
    for (const key of ['count', 'aggregate', 'firstTime']) if (key in condition) next[key] = condition[key];
  }
  return next;
}

function blank(text) {
  return typeof text !== 'string' || text.trim() === '';
}

function incompleteWhere(where, path) {
  if (!Array.isArray(where)) return null;
  for (let i = 0; i < where.length; i += 1) {
    if (blank(where[i].property)) return keyPath(indexPath(keyPath(path, 'where'), i), 'property');
  }
  return null;
}

/**
 * The path of the first place the user has not filled in yet (an empty event, attribute,
 * property or segment name, or an empty group), or null when the definition is complete
 * enough to ask the server for a count. The server still validates everything else.
 */
export function firstIncomplete(c, path = '$.filter') {
  const kind = kindOf(c);
  switch (kind) {
    case 'and':
    case 'or': {
      if (!Array.isArray(c[kind]) || c[kind].length === 0) return keyPath(path, kind);
      for (let i = 0; i < c[kind].length; i += 1) {
        const found = firstIncomplete(c[kind][i], indexPath(keyPath(path, kind), i));
        if (found) return found;
      }
      return null;
    }
    case 'not': return firstIncomplete(c.not, keyPath(path, 'not'));
    case 'attribute': return blank(c.attribute) ? keyPath(path, 'attribute') : null;
    case 'did':
    case 'didNot':
      if (blank(c[kind])) return keyPath(path, kind);
      if (c.aggregate && blank(c.aggregate.property)) return keyPath(keyPath(path, 'aggregate'), 'property');
      return incompleteWhere(c.where, path);
    case 'sequence': {
      if (!Array.isArray(c.sequence) || c.sequence.length === 0) return keyPath(path, 'sequence');
      for (let i = 0; i < c.sequence.length; i += 1) {
        const step = c.sequence[i];
        const stepPath = indexPath(keyPath(path, 'sequence'), i);
        const key = 'didNot' in step ? 'didNot' : 'did';
        if (blank(step[key])) return keyPath(stepPath, key);
        const where = incompleteWhere(step.where, stepPath);
        if (where) return where;
      }
      return null;
    }
    case 'inSegment': return blank(c.inSegment) ? keyPath(path, 'inSegment') : null;
    case 'reachable': return null;
    default: return path;
  }
}

const FIRST_STEP_RULE = 'A sequence starts with a “did” step: remove the “did not” step first, or remove the whole sequence.';

/**
 * Whether step `i` of a sequence's `steps` can be removed: a sequence keeps at least one step, and removing the
 * first step must not leave a "did not" step first (that would change what the sequence means, never silently).
 * Answers `{ok, reason}`, the reason a sentence for the button's title.
 */
export function canRemoveStep(steps, i) {
  if (!Array.isArray(steps) || steps.length < 2) return { ok: false, reason: 'A sequence has at least one step.' };
  if (i === 0 && 'didNot' in steps[1]) return { ok: false, reason: FIRST_STEP_RULE };
  return { ok: true, reason: null };
}

/** Removes step `i` (see {@link canRemoveStep}); a step that becomes first loses its wait (`within`). */
export function removeStep(steps, i) {
  const check = canRemoveStep(steps, i);
  if (!check.ok) throw new Error(check.reason);
  steps.splice(i, 1);
  if ('within' in steps[0]) delete steps[0].within;
  return steps;
}

/** Longest segment name, in Unicode code points (as the server counts). */
export const MAX_NAME_LENGTH = 200;

/** The length of a name as the server counts it: in code points, so an emoji is one character. */
export function nameLength(text) {
  let n = 0;
  for (const _ of String(text ?? '')) n += 1; // eslint-disable-line no-unused-vars
  return n;
}

/**
 * The filter as saved: a top-level `and`/`or` group of exactly one condition is that condition (the form the
 * segment language writes), with the path prefix the editor uses for it, so that a server error's path can
 * be pointed back at the editor's field.
 */
export function savedFilter(filter) {
  const keys = Object.keys(filter);
  if (keys.length === 1 && (keys[0] === 'and' || keys[0] === 'or')
      && Array.isArray(filter[keys[0]]) && filter[keys[0]].length === 1) {
    return { filter: filter[keys[0]][0], prefix: `$.filter.${keys[0]}[0]` };
  }
  return { filter, prefix: null };
}

/** The editor's path for a server error's `path` about a filter saved by {@link savedFilter}. */
export function editorPath(path, prefix) {
  if (!path || !prefix || !(path === '$.filter' || path.startsWith('$.filter.') || path.startsWith('$.filter['))) {
    return path;
  }
  return prefix + path.slice('$.filter'.length);
}
