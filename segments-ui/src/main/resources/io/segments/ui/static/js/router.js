/**
 * A tiny hash router. Routes are patterns such as `/segments/:id/edit`; the part of the hash
 * after `?` is the query. A page is `async ({params, query, root, onLeave, alive}) => {...}`:
 * it renders into `root` (its own element, detached once the user moves on) and registers
 * with `onLeave(fn)` what must stop when the user leaves (an EventSource, a polling timer, a
 * chart). `alive()` tells whether the page is still the current one.
 */

/** Splits a hash (`#/segments/s1?q=cart`) into its path and query. */
export function parseHash(hash) {
  const raw = (hash || '').replace(/^#/, '') || '/';
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  const query = Object.fromEntries(new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)));
  return { path: path.startsWith('/') ? path : `/${path}`, query };
}

/** Matches a path against a pattern; answers the decoded parameters or null. */
export function matchRoute(pattern, path) {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params = {};
  for (let i = 0; i < want.length; i += 1) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== got[i]) {
      return null;
    }
  }
  return params;
}

/** Builds a hash from a path and a query object (empty values are left out). */
export function hashOf(path, query = {}) {
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '');
  const search = new URLSearchParams(entries).toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

/**
 * Starts routing `location.hash` to `routes` (`[{pattern, page}]`, first match wins).
 * `before({path, query})` may answer false to stop (e.g. to redirect to sign-in);
 * `notFound` and `onError(error, root)` render the two other outcomes.
 */
export function createRouter({ routes, root, notFound, before, onError }) {
  let leaving = [];
  let generation = 0;

  function leave() {
    const cleanups = leaving;
    leaving = [];
    for (const fn of cleanups) {
      try { fn(); } catch (e) { console.error('page cleanup failed', e); }
    }
  }

  async function run() {
    const mine = ++generation;
    leave();
    const { path, query } = parseHash(window.location.hash);
    if (before && before({ path, query }) === false) return;
    // each page renders into its own element, so a page still loading when the user moves on
    // writes into a detached element instead of over the next page
    const view = document.createElement('div');
    view.className = 'view';
    root.replaceChildren(view);
    window.scrollTo(0, 0);
    const alive = () => mine === generation;
    const onLeave = (fn) => {
      if (alive()) leaving.push(fn); else fn();
    };
    const route = routes.find((r) => matchRoute(r.pattern, path));
    if (!route) {
      notFound({ path, root: view });
      return;
    }
    try {
      await route.page({ params: matchRoute(route.pattern, path), query, root: view, path, onLeave, alive });
    } catch (error) {
      if (alive() && onError) onError(error, view); else console.error(error);
    }
  }

  window.addEventListener('hashchange', run);
  return {
    start: run,
    /** Goes to a path (`/segments/s1`), optionally with a query object. */
    go(path, query) {
      const next = hashOf(path, query);
      if (window.location.hash === next) run(); else window.location.hash = next;
    },
    /** Rewrites the query of the current page without re-rendering it. */
    setQuery(query) {
      const { path } = parseHash(window.location.hash);
      history.replaceState(null, '', hashOf(path, query));
    },
  };
}
