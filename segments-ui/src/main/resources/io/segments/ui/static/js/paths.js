/**
 * JSON paths, as the server writes them in errors (`$.filter.and[1].when.last`), and the
 * mapping from such a path to the builder field that edits that place. Pure, tested with Node.
 */

const PLAIN = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The path of member `key` of the object at `path` (`['odd key']` when not an identifier). */
export function keyPath(path, key) {
  if (PLAIN.test(key)) return `${path}.${key}`;
  return `${path}['${String(key).replace(/(['\\])/g, '\\$1')}']`;
}

/** The path of element `index` of the array at `path`. */
export function indexPath(path, index) {
  return `${path}[${index}]`;
}

/** True when `prefix` is `path` or one of its ancestors (`$.a[1]` is not an ancestor of `$.a[10]`). */
export function isAncestorOrSelf(prefix, path) {
  if (!path.startsWith(prefix)) return false;
  const next = path.charAt(prefix.length);
  return next === '' || next === '.' || next === '[';
}

/**
 * The field that shows an error at `errorPath`: among `fieldPaths` (the paths the builder's
 * fields edit), the deepest one that is the error's path or an ancestor of it. So an error
 * inside a value (`…where[0].value[1]`) lands on that value's field, an unknown key
 * (`…and[1].colour`) on the block that holds it, and a missing key on its block. Answers null
 * when no field matches (the caller shows the error in a banner instead).
 */
export function pathToField(errorPath, fieldPaths) {
  if (typeof errorPath !== 'string' || !errorPath.startsWith('$')) return null;
  let best = null;
  for (const candidate of fieldPaths) {
    if (isAncestorOrSelf(candidate, errorPath) && (best === null || candidate.length > best.length)) {
      best = candidate;
    }
  }
  return best;
}
