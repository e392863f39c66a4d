import { createHash } from 'node:crypto';

/**
 * Mulberry32: a small seeded PRNG. The same seed gives the same faults and the same storm, so a
 * failure can be replayed. One definition for the fault switch, the EUM sandbox and the storms.
 */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same PRNG seeded by a string (the sandboxes' seeds are names). */
export function seededRandom(seed: string): () => number {
  return seeded(parseInt(createHash('sha256').update(seed).digest('hex').slice(0, 8), 16));
}
