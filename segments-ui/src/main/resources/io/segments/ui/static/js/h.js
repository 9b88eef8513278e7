/**
 * A tiny DOM helper.
 *
 *   h('button', {class: 'btn', onclick: save, 'data-testid': 'save'}, 'Save')
 *
 * Attributes: `class`, `style` (string or object), `on<event>` (listener), `dataset`,
 * boolean attributes (`true` sets, `false`/`null`/`undefined` omits), `value`/`checked`
 * (set as properties) and anything else as an attribute. Children: nodes, strings, numbers,
 * arrays (flattened), and `null`/`false` (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2).toLowerCase(), value);
      } else if (key === 'style' && typeof value === 'object') {
        Object.assign(el.style, value);
      } else if (key === 'dataset') {
        Object.assign(el.dataset, value);
      } else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'indeterminate') {
        el[key] = value;
      } else if (value === true) {
        el.setAttribute(key, '');
      } else {
        el.setAttribute(key, String(value));
      }
    }
  }
  append(el, children);
  return el;
}

/** Appends children (nodes, text, nested arrays; null and false are skipped). */
export function append(parent, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of `el` by `children`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let uniqueIds = 0;

/** A fresh id for pairing a label with its input. */
export function uid(prefix = 'f') {
  uniqueIds += 1;
  return `${prefix}-${uniqueIds}`;
}
