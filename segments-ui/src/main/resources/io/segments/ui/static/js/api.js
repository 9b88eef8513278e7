/**
 * The one way the UI talks to the server. Every call sends `Authorization: Bearer <admin key>`
 * (the key kept in sessionStorage for this tab); a 401 forgets the key and returns to sign-in.
 * Errors become an {@link ApiError} carrying the server's `error` code, `message` and, for
 * invalid definitions, the JSON `path` of the offending place.
 */

const STORAGE_KEY = 'segments.adminKey';

/** The admin key of this tab. */
export const session = {
  key() {
    try { return sessionStorage.getItem(STORAGE_KEY); } catch { return null; }
  },
  setKey(key) {
    sessionStorage.setItem(STORAGE_KEY, key);
  },
  clear() {
    try { sessionStorage.removeItem(STORAGE_KEY); } catch { /* storage unavailable */ }
  },
};

/** An answer that was not 2xx, or no answer at all (`status` 0). */
export class ApiError extends Error {
  constructor(status, code, message, path, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.path = path || null;
    this.body = body;
  }
}

let unauthorized = () => {};

/** Called (once per 401) after the key was forgotten: the app shows the sign-in page. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

function withQuery(url, query) {
  if (!query) return url;
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (!entries.length) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${new URLSearchParams(entries)}`;
}

/**
 * Sends one request. `body` is sent as JSON unless it is a string, Blob or FormData (then as
 * is, with `contentType` when given). Answers the parsed JSON (null for 204), or the Response
 * itself with `raw: true`.
 */
export async function request(method, url, { body, query, contentType, raw = false, signal, auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  const key = session.key();
  if (auth && key) headers.Authorization = `Bearer ${key}`;
  let payload = body;
  if (body !== undefined && !(typeof body === 'string' || body instanceof Blob || body instanceof FormData)) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  } else if (contentType) {
    headers['Content-Type'] = contentType;
  }
  let response;
  try {
    response = await fetch(withQuery(url, query), { method, headers, body: payload, signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Could not reach the server. Check that it is running and try again.');
  }
  if (!response.ok) {
    let data = null;
    try { data = await response.json(); } catch { /* not JSON */ }
    const code = (data && data.error) || `http_${response.status}`;
    const message = (data && data.message) || `${method} ${url} answered ${response.status} ${response.statusText}`;
    if (response.status === 401 && auth) {
      session.clear();
      unauthorized();
    }
    throw new ApiError(response.status, code, message, data && data.path, data);
  }
  if (raw) return response;
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const api = {
  get: (url, query, options) => request('GET', url, { ...options, query }),
  post: (url, body, options) => request('POST', url, { ...options, body }),
  put: (url, body, options) => request('PUT', url, { ...options, body }),
  del: (url, options) => request('DELETE', url, options),

  /** Fetches `url` with the key and saves the answer as a file named `filename`. */
  async download(url, filename, query) {
    const response = await request('GET', url, { query, raw: true });
    const blob = await response.blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  },

  /** An EventSource URL: EventSource cannot send headers, so the key goes in `?key=`. */
  streamUrl(url) {
    return withQuery(url, { key: session.key() });
  },
};

/** Encodes one path segment (a segment or user id) for a URL. */
export const seg = (id) => encodeURIComponent(id);
