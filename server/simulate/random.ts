/** Deterministic randomness: every simulated value is a pure function of a key string. */

/** FNV-1a, 32 bit. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform number in [0, 1) fixed by its key: the same key gives the same number after a restart. */
export function rand(...key: (string | number)[]): number {
  return mulberry32(hash32(key.join('|')))();
}

/** A standard normal number fixed by its key (Box–Muller). */
export function gauss(...key: (string | number)[]): number {
  const r = mulberry32(hash32(key.join('|')));
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Value noise in [-1, 1] that drifts smoothly on a `stepMs` scale, so day-to-day weather is persistent. */
export function smooth(key: string, at: number, stepMs: number): number {
  const x = at / stepMs;
  const i = Math.floor(x);
  const f = (1 - Math.cos(Math.PI * (x - i))) / 2;
  return (2 * rand(key, i) - 1) * (1 - f) + (2 * rand(key, i + 1) - 1) * f;
}

export function poisson(lambda: number, r: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) {
    const g = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * g));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = r(); p > limit; p *= r()) k++;
  return k;
}
