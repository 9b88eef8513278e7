// Shared by the Node tests: where the UI's modules are, and a small seeded random generator.
export const JS = new URL('../../main/resources/io/segments/ui/static/js/', import.meta.url);

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
export function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    bool: () => next() < 0.5,
  };
}
