/**
 * Work in batches: a list cut into chunks, and tasks run a few at a time. No DOM here, so Node tests can import
 * this module.
 */

/** `list` cut into consecutive chunks of at most `size` items. */
export function chunks(list, size) {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive whole number, not ${size}`);
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Runs `tasks` (functions answering promises) with at most `limit` at a time. A task that fails does not stop the
 * others; answers the errors of those that failed, in the order they failed.
 */
export async function pool(tasks, limit) {
  let next = 0;
  const failures = [];
  const workers = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const task = tasks[next];
      next += 1;
      try {
        await task();
      } catch (error) {
        failures.push(error);
      }
    }
  });
  await Promise.all(workers);
  return failures;
}
