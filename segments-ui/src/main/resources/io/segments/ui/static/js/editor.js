/**
 * The condition editor of the segment builder: blocks for "did", "did not", user attributes,
 * sequences, "in segment" and "reachable", in AND/OR groups that nest, each of which can be
 * negated. It edits the segment language's JSON in place, and every field carries the JSON
 * path it edits in `data-path` (`$.filter.and[1].when.last`), so a server error's path points
 * straight at the field. Structural edits re-render; typing only notifies `onChange`.
 */
import { append, h, uid } from './h.js';
import { AGGREGATE_FNS, CHANNELS, kindOf } from './describe.js';
import {
  canRemoveStep, CONDITION_KINDS, defaultWindow, newCondition, removeStep, reshapeValue, setOp, switchEventMode, valueShape, windowMode,
} from './model.js';
import { indexPath, keyPath } from './paths.js';
import { formatList, formatValue, joinDuration, parseDuration, parseList, parseValue, typeOfValue, UNITS } from './values.js';
import { emptyState } from './ui.js';

/** How the operators of attribute and property filters read in the menu. */
export const OP_LABELS = {
  eq: 'is',
  neq: 'is not',
  gt: 'greater than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
  between: 'between',
  in: 'is one of',
  notIn: 'is none of',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  exists: 'is set',
  notExists: 'is not set',
};

/** How the operators of `count` and `aggregate` read in the menu. */
export const COUNT_LABELS = {
  eq: 'exactly', neq: 'not exactly', gt: 'more than', gte: 'at least', lt: 'fewer than', lte: 'at most', between: 'between',
};

const KIND_LABELS = {
  and: 'Group', or: 'Group', did: 'Did', didNot: 'Did not', attribute: 'User attribute', sequence: 'Sequence',
  inSegment: 'In segment', reachable: 'Reachable',
};

const WINDOW_MODES = [
  ['any', 'at any time'], ['last', 'in the last'], ['ago', 'between … ago'], ['between', 'between dates'], ['since', 'since'],
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const TYPE_WORDS = { number: 'numbers', string: 'text', boolean: 'true or false' };

/** The path of the field to focus after adding `condition` at `path`. */
function firstFieldPath(condition, path) {
  switch (kindOf(condition)) {
    case 'did': return keyPath(path, 'did');
    case 'didNot': return keyPath(path, 'didNot');
    case 'attribute': return keyPath(path, 'attribute');
    case 'sequence': return keyPath(indexPath(keyPath(path, 'sequence'), 0), 'did');
    case 'inSegment': return keyPath(path, 'inSegment');
    case 'reachable': return keyPath(path, 'reachable');
    default: return null;
  }
}

export class ConditionEditor {
  /**
   * @param filter the condition to edit (edited in place; replaced when the root changes)
   * @param catalog a {@link Catalog} of events and traits for suggestions
   * @param segments `[{id, name}]` offered by "in segment"
   * @param selfId the id of the segment being edited (not offered by "in segment")
   * @param onChange called with the filter after every edit
   */
  constructor({ filter, catalog, segments = [], selfId = null, onChange = () => {} }) {
    this.filter = filter;
    this.catalog = catalog;
    this.segments = segments;
    this.selfId = selfId;
    this.onChange = onChange;
    this.refreshers = [];
    this.focusPath = null;
    this.element = h('div', { class: 'editor', 'data-testid': 'condition-editor' });
    this.eventList = h('datalist', { id: uid('events') });
    this.traitList = h('datalist', { id: uid('traits') });
    this.fillNameLists();
  }

  /** New suggestions: lists and menus are updated in place (no field is rebuilt). */
  setCatalog(catalog) {
    this.catalog = catalog;
    this.fillNameLists();
    this.refresh();
  }

  /** New segments for "in segment": its menus are updated in place. */
  setSegments(segments) {
    this.segments = segments;
    this.refresh();
  }

  fillNameLists() {
    this.eventList.replaceChildren(...this.catalog.eventNames().map((name) => h('option', { value: name })));
    this.traitList.replaceChildren(...this.catalog.traits.map((t) => h('option', { value: t.name })));
  }

  refresh() {
    for (const refresh of this.refreshers) refresh();
  }

  /** Rebuilds every block, keeping the focus on the field with the same path. */
  render() {
    const active = document.activeElement;
    const activePath = active && this.element.contains(active) ? active.dataset.path : null;
    const activeTestid = active && this.element.contains(active) ? active.dataset.testid : null;
    this.refreshers = [];
    this.element.replaceChildren();
    append(this.element, [this.eventList, this.traitList, this.root()]);
    const target = this.focusPath || activePath;
    this.focusPath = null;
    if (target) {
      const candidates = [...this.element.querySelectorAll('input, select, textarea, button')]
        .filter((el) => el.dataset.path === target);
      const el = candidates.find((c) => c.dataset.testid === activeTestid) || candidates[0];
      if (el) el.focus();
    }
  }

  changed(structural, focusPath) {
    if (structural) {
      this.focusPath = focusPath || null;
      this.render();
    } else {
      this.refresh();
    }
    this.onChange(this.filter);
  }

  // ---- structure -------------------------------------------------------------------------

  root() {
    const slot = {
      get: () => this.filter,
      set: (v) => { this.filter = v; },
      remove: () => { this.filter = newCondition('and'); },
    };
    const kind = kindOf(this.filter);
    if (kind === 'and' || kind === 'or') return this.group(slot, '$.filter', true);
    return h('div', { class: 'group group-root', 'data-testid': 'group' },
      this.block(slot, '$.filter'),
      this.addBar((condition) => {
        this.filter = { and: [this.filter, condition] };
        return indexPath('$.filter.and', 1);
      }));
  }

  addBar(onAdd) {
    return h('div', { class: 'add-bar', role: 'group', 'aria-label': 'Add a condition' },
      CONDITION_KINDS.map(({ kind, label }) => h('button', {
        type: 'button',
        class: 'btn btn-ghost btn-small',
        'data-testid': `add-${kind}`,
        onclick: () => {
          const condition = newCondition(kind);
          const path = onAdd(condition);
          this.changed(true, firstFieldPath(condition, path));
        },
      }, `+ ${label}`)));
  }

  group(slot, path, isRoot = false) {
    const node = slot.get();
    const op = kindOf(node);
    const items = node[op];
    const opSelect = this.select([['and', 'all'], ['or', 'any']], op, {
      'aria-label': 'Match all or any of these conditions', 'data-testid': 'group-op', 'data-path': keyPath(path, op),
    }, (next) => {
      slot.set({ [next]: slot.get()[op] });
      this.changed(true, keyPath(path, next));
    });
    const list = h('div', { class: 'group-items' });
    items.forEach((item, i) => {
      const itemSlot = {
        get: () => slot.get()[op][i],
        set: (v) => { slot.get()[op][i] = v; },
        remove: () => { slot.get()[op].splice(i, 1); },
      };
      if (i > 0) list.append(h('div', { class: `connector connector-${op}`, 'aria-hidden': 'true' }, op === 'and' ? 'and' : 'or'));
      list.append(this.block(itemSlot, indexPath(keyPath(path, op), i)));
    });
    if (items.length === 0) {
      list.append(isRoot
        ? emptyState('No conditions yet', 'Add what users did, did not do, or who they are.', null, 'builder-empty')
        : h('p', { class: 'muted' }, 'Add at least one condition to this group.'));
    }
    const add = this.addBar((condition) => {
      slot.get()[op].push(condition);
      return indexPath(keyPath(path, op), slot.get()[op].length - 1);
    });
    const header = h('div', { class: 'row group-header' },
      h('span', { class: 'word' }, isRoot ? 'Users who match' : 'Match'), opSelect,
      h('span', { class: 'word' }, isRoot ? 'of these conditions' : 'of:'));
    if (isRoot) {
      return h('div', { class: 'group group-root', 'data-testid': 'group', 'data-path': path, 'data-error-inside': '' }, header, list, add);
    }
    return [header, list, add];
  }

  block(slot, path, negation = null) {
    const c = slot.get();
    const kind = kindOf(c);
    if (kind === 'not') {
      const inner = {
        get: () => slot.get().not,
        set: (v) => { slot.get().not = v; },
        remove: () => slot.remove(),
      };
      return h('div', { class: 'not-wrap', 'data-testid': 'not', 'data-path': path },
        this.block(inner, keyPath(path, 'not'), { unwrap: () => slot.set(slot.get().not) }));
    }
    let body;
    switch (kind) {
      case 'and':
      case 'or': body = this.group(slot, path); break;
      case 'did':
      case 'didNot': body = this.eventBlock(slot, path); break;
      case 'attribute': body = this.attributeBlock(c, path); break;
      case 'sequence': body = this.sequenceBlock(c, path); break;
      case 'inSegment': body = this.inSegmentBlock(c, path); break;
      case 'reachable': body = this.reachableBlock(c, path); break;
      default: body = h('pre', { class: 'muted' }, JSON.stringify(c));
    }
    const negated = negation !== null;
    const toolbar = h('div', { class: 'block-toolbar' },
      negated ? h('span', { class: 'badge badge-danger' }, 'NOT') : null,
      h('span', { class: 'block-kind' }, KIND_LABELS[kind] || 'Condition'),
      h('span', { class: 'spacer' }),
      h('button', {
        type: 'button',
        class: 'btn btn-ghost btn-small',
        'data-testid': 'negate',
        'aria-pressed': String(negated),
        title: negated ? 'Stop negating this condition' : 'Match users for whom this condition does not hold',
        onclick: () => {
          if (negated) negation.unwrap(); else slot.set({ not: slot.get() });
          this.changed(true);
        },
      }, negated ? 'Remove NOT' : 'NOT'),
      h('button', {
        type: 'button',
        class: 'btn btn-ghost btn-small btn-icon',
        'data-testid': 'remove-condition',
        'aria-label': 'Remove this condition',
        title: 'Remove this condition',
        onclick: () => { slot.remove(); this.changed(true); },
      }, '✕'));
    return h('div', {
      class: `block block-${kind}${negated ? ' negated' : ''}`,
      'data-testid': 'condition',
      'data-kind': kind,
      'data-path': path,
      'data-negated': negated ? 'true' : null,
      'data-error-inside': '',
    }, toolbar, h('div', { class: 'block-body' }, body));
  }

  // ---- blocks ----------------------------------------------------------------------------

  eventBlock(slot, path) {
    const c = slot.get();
    const mode = 'did' in c ? 'did' : 'didNot';
    const modeSelect = this.select([['did', 'did'], ['didNot', 'did not']], mode, {
      'aria-label': 'Did or did not', 'data-testid': 'event-mode',
    }, (next) => {
      slot.set(switchEventMode(slot.get(), next));
      this.changed(true, keyPath(path, next));
    });
    const rows = [
      h('div', { class: 'row' }, h('span', { class: 'word' }, 'Users who'), modeSelect,
        this.eventInput(c[mode], (v) => { c[mode] = v; }, keyPath(path, mode), 'event-name')),
      this.windowRow(c, keyPath(path, 'when')),
      this.whereEditor(c, path, () => c[mode]),
    ];
    if (mode === 'did') rows.push(this.didExtras(c, path));
    return rows;
  }

  attributeBlock(c, path) {
    return this.testRow(c, 'attribute', path, {
      lead: 'Users whose',
      names: () => this.catalog.traits.map((t) => t.name),
      info: (name) => this.catalog.trait(name),
    });
  }

  sequenceBlock(c, path) {
    const stepsPath = keyPath(path, 'sequence');
    const steps = c.sequence;
    const list = h('ol', { class: 'steps', 'data-path': stepsPath });
    steps.forEach((step, i) => list.append(this.stepEditor(c, step, i, indexPath(stepsPath, i))));
    const last = steps[steps.length - 1];
    const canAdd = !(last && 'didNot' in last);
    return [
      list,
      h('div', { class: 'row' },
        h('button', {
          type: 'button',
          class: 'btn btn-ghost btn-small',
          'data-testid': 'add-step',
          disabled: !canAdd,
          title: canAdd ? null : 'A "did not" step is always the last one',
          onclick: () => {
            steps.push({ did: '' });
            this.changed(true, keyPath(indexPath(stepsPath, steps.length - 1), 'did'));
          },
        }, '+ Step')),
      this.windowRow(c, keyPath(path, 'when'), 'First step happened'),
      h('div', { class: 'row' },
        h('span', { class: 'word' }, 'Count'),
        this.select([['any', 'any time it happened'], ['last', `only their latest ${steps[0] && steps[0].did ? steps[0].did : 'first step'}`]],
          c.occurrence || 'any', { 'aria-label': 'Which first-step events count', 'data-testid': 'occurrence', 'data-path': keyPath(path, 'occurrence') },
          (v) => { c.occurrence = v; this.changed(false); })),
    ];
  }

  stepEditor(sequence, step, i, path) {
    const steps = sequence.sequence;
    const mode = 'didNot' in step ? 'didNot' : 'did';
    const isLast = i === steps.length - 1;
    const modes = [['did', 'did']];
    if (i > 0 && isLast) modes.push(['didNot', 'did not']);
    const modeSelect = i === 0 ? h('span', { class: 'word' }, 'First, did')
      : this.select(modes, mode, { 'aria-label': `Step ${i + 1}: did or did not`, 'data-testid': 'step-mode' }, (next) => {
        const replacement = { [next]: step[mode] };
        if (step.where) replacement.where = step.where;
        if (step.within) replacement.within = step.within;
        else if (next === 'didNot') replacement.within = '10m';
        steps[i] = replacement;
        this.changed(true, keyPath(path, next));
      });
    const row = h('div', { class: 'row' },
      i > 0 ? h('span', { class: 'word' }, 'then') : null,
      modeSelect,
      this.eventInput(step[mode], (v) => { step[mode] = v; }, keyPath(path, mode), 'step-event'));
    if (i > 0) {
      row.append(h('span', { class: 'word' }, 'within'),
        this.durationInput(step.within, (d) => { if (d) step.within = d; else delete step.within; },
          keyPath(path, 'within'), 'step-within', 'Within', mode === 'did' ? 'any time' : null));
    }
    if (steps.length > 1) {
      // a removal never changes what another step means: the first step cannot go when a "did not" follows it
      const removable = canRemoveStep(steps, i);
      row.append(h('span', { class: 'spacer' }), h('button', {
        type: 'button',
        class: 'btn btn-ghost btn-small btn-icon',
        'data-testid': 'remove-step',
        'aria-label': `Remove step ${i + 1}`,
        title: removable.ok ? `Remove step ${i + 1}` : removable.reason,
        disabled: !removable.ok,
        onclick: () => {
          removeStep(steps, i);
          this.changed(true);
        },
      }, '✕'));
    }
    return h('li', { class: 'step', 'data-testid': 'step', 'data-path': path, 'data-error-inside': '' },
      row, this.whereEditor(step, path, () => step[mode]));
  }

  inSegmentBlock(c, path) {
    const options = () => {
      const list = this.segments.filter((s) => s.id !== this.selfId).map((s) => [s.id, s.name]);
      if (c.inSegment && !list.some(([id]) => id === c.inSegment)) list.unshift([c.inSegment, c.inSegment]);
      return [['', 'Choose a segment…'], ...list];
    };
    const menu = this.select(options(), c.inSegment, {
      'aria-label': 'Segment', 'data-testid': 'in-segment', 'data-path': keyPath(path, 'inSegment'),
    }, (v) => { c.inSegment = v; this.changed(false); });
    let shown = JSON.stringify(options());
    this.refreshers.push(() => {
      const next = options();
      if (JSON.stringify(next) === shown) return;
      shown = JSON.stringify(next);
      menu.replaceChildren(...next.map(([v, label]) => h('option', { value: v }, label)));
      menu.value = c.inSegment || '';
    });
    return h('div', { class: 'row' }, h('span', { class: 'word' }, 'Users in segment'), menu);
  }

  reachableBlock(c, path) {
    return h('div', { class: 'row' }, h('span', { class: 'word' }, 'Users reachable by'),
      this.select(Object.entries(CHANNELS), c.reachable, {
        'aria-label': 'Channel', 'data-testid': 'reachable-channel', 'data-path': keyPath(path, 'reachable'),
      }, (v) => { c.reachable = v; this.changed(false); }));
  }

  // ---- parts -----------------------------------------------------------------------------

  didExtras(c, path) {
    const rows = [];
    if (c.count) {
      rows.push(h('div', { class: 'row', 'data-path': keyPath(path, 'count'), 'data-testid': 'count' },
        h('span', { class: 'word' }, 'Count'),
        this.numberTest(c.count, keyPath(path, 'count'), 'count', true),
        h('span', { class: 'word' }, 'times'),
        this.removeButton('remove-count', 'Remove the count', () => { delete c.count; })));
    }
    if (c.aggregate) {
      const a = c.aggregate;
      const aggPath = keyPath(path, 'aggregate');
      const props = () => this.catalog.properties(c.did).filter((p) => !p.type || p.type === 'number').map((p) => p.name);
      rows.push(h('div', { class: 'row', 'data-path': aggPath, 'data-testid': 'aggregate' },
        h('span', { class: 'word' }, 'with'),
        this.select(Object.entries(AGGREGATE_FNS), a.fn, {
          'aria-label': 'Aggregate function', 'data-testid': 'aggregate-fn', 'data-path': keyPath(aggPath, 'fn'),
        }, (v) => { a.fn = v; this.changed(false); }),
        this.nameInput(a.property, (v) => { a.property = v; }, keyPath(aggPath, 'property'), 'aggregate-property', 'Aggregated property', props),
        this.numberTest(a, aggPath, 'aggregate', false),
        this.removeButton('remove-aggregate', 'Remove the aggregate', () => { delete c.aggregate; })));
    }
    const firstId = uid('first');
    rows.push(h('div', { class: 'row extras' },
      c.count ? null : h('button', {
        type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'add-count',
        onclick: () => { c.count = { op: 'gte', value: 1 }; this.changed(true, keyPath(keyPath(path, 'count'), 'value')); },
      }, '+ Count'),
      c.aggregate ? null : h('button', {
        type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'add-aggregate',
        onclick: () => {
          c.aggregate = { fn: 'sum', property: '', op: 'gt', value: 0 };
          this.changed(true, keyPath(keyPath(path, 'aggregate'), 'property'));
        },
      }, '+ Sum / average'),
      h('span', { class: 'check' },
        h('input', {
          type: 'checkbox', id: firstId, checked: Boolean(c.firstTime), 'data-testid': 'first-time', 'data-path': keyPath(path, 'firstTime'),
          onchange: (e) => { if (e.target.checked) c.firstTime = true; else delete c.firstTime; this.changed(false); },
        }),
        h('label', { for: firstId }, 'for the first time (their first ever is in the window)'))));
    return rows;
  }

  /** `count` or `aggregate`'s op and value(s). */
  numberTest(test, path, prefix, whole) {
    const valuePath = keyPath(path, 'value');
    const parse = (text) => parseValue(text);
    const input = (value, testid, vpath, label) => h('input', {
      type: 'number', class: 'num', value: value === undefined ? '' : String(value), min: whole ? '0' : null, step: whole ? '1' : 'any',
      'aria-label': label, 'data-testid': testid, 'data-path': vpath,
      oninput: (e) => {
        if (Array.isArray(test.value)) test.value[vpath.endsWith('[1]') ? 1 : 0] = parse(e.target.value);
        else test.value = parse(e.target.value);
        this.changed(false);
      },
    });
    const opSelect = this.select(Object.entries(COUNT_LABELS), test.op, {
      'aria-label': prefix === 'count' ? 'Count operator' : 'Aggregate operator', 'data-testid': `${prefix}-op`, 'data-path': keyPath(path, 'op'),
    }, (next) => {
      test.value = reshapeValue(test.op, next, test.value);
      test.op = next;
      this.changed(true, keyPath(path, 'op'));
    });
    if (test.op === 'between') {
      const [low, high] = Array.isArray(test.value) ? test.value : [test.value, ''];
      return h('span', { class: 'inline', 'data-path': valuePath }, opSelect,
        input(low, `${prefix}-value-low`, indexPath(valuePath, 0), 'From'), h('span', { class: 'word' }, 'and'),
        input(high, `${prefix}-value-high`, indexPath(valuePath, 1), 'To'));
    }
    return h('span', { class: 'inline' }, opSelect, input(test.value, `${prefix}-value`, valuePath, prefix === 'count' ? 'Count' : 'Value'));
  }

  whereEditor(obj, path, event) {
    const wherePath = keyPath(path, 'where');
    const where = obj.where || [];
    const list = h('div', { class: 'filters', 'data-path': wherePath });
    where.forEach((f, i) => {
      const rowPath = indexPath(wherePath, i);
      list.append(this.testRow(f, 'property', rowPath, {
        lead: i === 0 ? 'where' : 'and',
        names: () => this.catalog.properties(event()).map((p) => p.name),
        info: (name) => this.catalog.property(event(), name),
        remove: () => {
          obj.where.splice(i, 1);
          if (obj.where.length === 0) delete obj.where;
        },
      }));
    });
    list.append(h('div', { class: 'row' }, h('button', {
      type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'add-filter',
      onclick: () => {
        obj.where = [...(obj.where || []), { property: '', op: 'eq', value: '' }];
        this.changed(true, keyPath(indexPath(wherePath, obj.where.length - 1), 'property'));
      },
    }, '+ Property filter')));
    return list;
  }

  /** One attribute or property test: name, operator and value(s). */
  testRow(test, nameKey, path, { lead, names, info, remove }) {
    const isAttribute = nameKey === 'attribute';
    const prefix = isAttribute ? 'attribute' : 'filter';
    const typeOf = () => { const i = info(test[nameKey]); return i && i.type; };
    const samples = () => { const i = info(test[nameKey]); return (i && Array.isArray(i.samples) ? i.samples : []).map((v) => formatValue(v)); };
    const row = h('div', { class: 'row test-row', 'data-testid': isAttribute ? null : 'filter', 'data-path': isAttribute ? null : path, 'data-error-inside': isAttribute ? null : '' },
      h('span', { class: 'word' }, lead),
      this.nameInput(test[nameKey], (v) => { test[nameKey] = v; }, keyPath(path, nameKey), isAttribute ? 'attribute-name' : 'filter-property',
        isAttribute ? 'Attribute name' : 'Property name', names),
      this.select(Object.entries(OP_LABELS), test.op, { 'aria-label': 'Operator', 'data-testid': `${prefix}-op`, 'data-path': keyPath(path, 'op') }, (next) => {
        setOp(test, next);
        this.changed(true, valueShape(next) === 'none' ? keyPath(path, 'op') : keyPath(path, 'value'));
      }),
      this.valueEditor(test, path, prefix, typeOf, samples));
    if (remove) row.append(this.removeButton('remove-filter', 'Remove this filter', remove));
    return row;
  }

  valueEditor(test, path, prefix, typeOf, samples) {
    const valuePath = keyPath(path, 'value');
    const shape = valueShape(test.op);
    // the catalog knows what type a field holds; a value of another type never matches
    // (no coercion), so say so next to the field
    const typeHint = h('span', { class: 'type-hint', 'data-testid': 'type-hint', 'aria-live': 'polite' });
    const checkType = () => {
      const expected = typeOf();
      const values = (Array.isArray(test.value) ? test.value : [test.value]).filter((v) => v !== '' && v !== undefined);
      const wrong = TYPE_WORDS[expected] && values.find((v) => typeOfValue(v) !== expected);
      typeHint.textContent = wrong === undefined || !TYPE_WORDS[expected] ? ''
        : `holds ${TYPE_WORDS[expected]}${expected === 'string' ? `: write "${wrong}" to compare as text` : ''}`;
    };
    this.refreshers.push(checkType);
    const text = (value, testid, vpath, label, onText, placeholder) => {
      const list = this.dynamicList(samples);
      return [h('input', {
        type: 'text', class: 'value', value, list: list.id, 'aria-label': label, placeholder,
        inputmode: typeOf() === 'number' ? 'decimal' : null, 'data-testid': testid, 'data-path': vpath,
        oninput: (e) => { onText(e.target.value); this.changed(false); },
      }), list];
    };
    let editor;
    switch (shape) {
      case 'none': return null;
      case 'pair': {
        const pair = Array.isArray(test.value) ? test.value : [test.value, ''];
        test.value = pair;
        editor = h('span', { class: 'inline', 'data-path': valuePath },
          text(formatValue(pair[0]), `${prefix}-value-low`, indexPath(valuePath, 0), 'From', (t) => { pair[0] = parseValue(t); }, 'from'),
          h('span', { class: 'word' }, 'and'),
          text(formatValue(pair[1]), `${prefix}-value-high`, indexPath(valuePath, 1), 'To', (t) => { pair[1] = parseValue(t); }, 'to'));
        break;
      }
      case 'list':
        editor = h('span', { class: 'inline' }, text(formatList(test.value), `${prefix}-value`, valuePath, 'Values, separated by commas',
          (t) => { test.value = parseList(t); }, 'a, b, c'));
        break;
      default: {
        const example = () => (samples().length ? `e.g. ${samples()[0]}` : 'value');
        editor = h('span', { class: 'inline' }, text(formatValue(test.value), `${prefix}-value`, valuePath, 'Value',
          (t) => { test.value = parseValue(t); }, example()));
        const input = editor.querySelector('input');
        this.refreshers.push(() => { input.placeholder = example(); });
      }
    }
    checkType();
    return [editor, typeHint];
  }

  windowRow(obj, path, label = null) {
    const mode = windowMode(obj.when);
    const modeSelect = this.select(WINDOW_MODES, mode, {
      'aria-label': label || 'When', 'data-testid': 'when-mode', 'data-path': path,
    }, (next) => {
      const w = defaultWindow(next);
      if (w) obj.when = w; else delete obj.when;
      this.changed(true, path);
    });
    const w = obj.when;
    const parts = [];
    switch (mode) {
      case 'last':
        parts.push(this.durationInput(w.last, (d) => { w.last = d; }, keyPath(path, 'last'), 'when', 'Last'));
        break;
      case 'ago':
        parts.push(this.durationInput(w.from, (d) => { w.from = d; }, keyPath(path, 'from'), 'when-from', 'From'),
          h('span', { class: 'word' }, 'and'),
          this.durationInput(w.to, (d) => { w.to = d; }, keyPath(path, 'to'), 'when-to', 'To'),
          h('span', { class: 'word' }, 'ago'));
        break;
      case 'between': {
        const b = Array.isArray(w.between) ? w.between : (w.between = ['', '']);
        parts.push(this.dateInput(b[0], (v) => { b[0] = v; }, indexPath(keyPath(path, 'between'), 0), 'when-start', 'Start date'),
          h('span', { class: 'word' }, 'and'),
          this.dateInput(b[1], (v) => { b[1] = v; }, indexPath(keyPath(path, 'between'), 1), 'when-end', 'End date'));
        break;
      }
      case 'since':
        parts.push(this.dateInput(w.since, (v) => { w.since = v; }, keyPath(path, 'since'), 'when-since', 'Since date'));
        break;
      default:
    }
    return h('div', { class: 'row' }, h('span', { class: 'word' }, label || 'When'), modeSelect, parts);
  }

  durationInput(value, set, path, prefix, label, emptyMeans = null) {
    const parsed = parseDuration(value);
    const amount = h('input', {
      type: 'number', class: 'num', min: '1', step: '1', inputmode: 'numeric',
      value: parsed ? String(parsed.amount) : (value ? String(value).replace(/[^0-9]/g, '') : ''),
      placeholder: emptyMeans || '',
      'aria-label': `${label} amount`, 'data-testid': `${prefix}-amount`, 'data-path': path,
    });
    const unit = this.select(UNITS.map((u) => [u.code, u.many]), parsed ? parsed.unit : (value ? String(value).replace(/[0-9]/g, '') || 'm' : 'm'), {
      'aria-label': `${label} unit`, 'data-testid': `${prefix}-unit`,
    }, () => update());
    const update = () => {
      set(joinDuration(amount.value, unit.value));
      this.changed(false);
    };
    amount.addEventListener('input', update);
    return h('span', { class: 'inline duration' }, amount, unit);
  }

  dateInput(value, set, path, testid, label) {
    const isDate = !value || DATE.test(value);
    return h('input', {
      type: isDate ? 'date' : 'text', value: value || '', 'aria-label': label, 'data-testid': testid, 'data-path': path,
      placeholder: isDate ? null : '2026-11-01T10:00:00Z',
      oninput: (e) => { set(e.target.value); this.changed(false); },
    });
  }

  eventInput(value, set, path, testid) {
    return h('input', {
      type: 'text', class: 'event', value: value || '', list: this.eventList.id, placeholder: 'event, e.g. Charged',
      autocomplete: 'off', 'aria-label': 'Event name', 'data-testid': testid, 'data-path': path,
      oninput: (e) => { set(e.target.value); this.changed(false); },
    });
  }

  nameInput(value, set, path, testid, label, names) {
    const list = this.dynamicList(names);
    return [h('input', {
      type: 'text', class: 'name', value: value || '', list: list.id, autocomplete: 'off',
      placeholder: label.toLowerCase(), 'aria-label': label, 'data-testid': testid, 'data-path': path,
      oninput: (e) => { set(e.target.value); this.changed(false); },
    }), list];
  }

  removeButton(testid, label, remove) {
    return h('button', {
      type: 'button', class: 'btn btn-ghost btn-small btn-icon', 'data-testid': testid, 'aria-label': label, title: label,
      onclick: () => { remove(); this.changed(true); },
    }, '✕');
  }

  /** A `<select>` of `[value, label]` pairs calling `onChange(value)`. */
  select(options, value, attrs, onChange) {
    const el = h('select', { ...attrs, onchange: (e) => onChange(e.target.value) },
      options.map(([v, label]) => h('option', { value: v }, label)));
    el.value = value ?? '';
    return el;
  }

  /** A datalist whose options follow `options()` as other fields change. */
  dynamicList(options) {
    const list = h('datalist', { id: uid('list') });
    let last = null;
    const refresh = () => {
      const values = options();
      const key = values.join('\u0000');
      if (key === last) return;
      last = key;
      list.replaceChildren(...values.map((v) => h('option', { value: v })));
    };
    refresh();
    this.refreshers.push(refresh);
    return list;
  }
}
