/**
 * What has been ingested: event names with their properties, and profile traits, each with a
 * type and sample values, from `GET /api/catalog/events` and `GET /api/catalog/traits`. The
 * builder offers these as suggestions; when the server has no catalog (404) or it fails, the
 * lists are empty and every field stays free text.
 */
import { api, ApiError } from './api.js';

const TTL_MS = 60_000;
let cached = null;
let loadedAt = 0;

async function optional(url, key) {
  try {
    const answer = await api.get(url);
    return { items: Array.isArray(answer && answer[key]) ? answer[key] : [], available: true };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return { items: [], available: false };
  }
}

/** The catalog, loaded at most once a minute. */
export function loadCatalog() {
  if (!cached || Date.now() - loadedAt > TTL_MS) {
    loadedAt = Date.now();
    cached = Promise.all([optional('/api/catalog/events', 'events'), optional('/api/catalog/traits', 'traits')])
      .then(([events, traits]) => new Catalog(events, traits))
      .catch((error) => { cached = null; throw error; });
  }
  return cached;
}

/** An empty catalog, for pages that render before the catalog arrives. */
export function emptyCatalog() {
  return new Catalog({ items: [], available: false }, { items: [], available: false });
}

/** Suggestions for the builder. */
export class Catalog {
  constructor(events, traits) {
    this.events = events.items.filter((e) => e && typeof e.name === 'string');
    this.traits = traits.items.filter((t) => t && typeof t.name === 'string');
    this.available = events.available || traits.available;
  }

  eventNames() {
    return this.events.map((e) => e.name);
  }

  /** The properties seen on `event` (all events' properties when the event is unknown). */
  properties(event) {
    const found = this.events.find((e) => e.name === event);
    if (found) return found.properties || [];
    const byName = new Map();
    for (const e of this.events) for (const p of e.properties || []) if (!byName.has(p.name)) byName.set(p.name, p);
    return [...byName.values()];
  }

  /** `{name, type, samples}` of a property of `event`, or null. */
  property(event, name) {
    return this.properties(event).find((p) => p.name === name) || null;
  }

  /** `{name, type, samples}` of a trait, or null. */
  trait(name) {
    return this.traits.find((t) => t.name === name) || null;
  }

  /** How often `event` was seen, or null. */
  eventCount(event) {
    const found = this.events.find((e) => e.name === event);
    return found && typeof found.count === 'number' ? found.count : null;
  }
}
