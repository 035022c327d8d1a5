/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32). The simulator and the
 * forecasts draw every random choice from it, so one seed gives the same result on every platform.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element, chosen with the given non-negative weights. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** A log-normal draw with the given median and log-space standard deviation. */
  logNormal(median: number, sigma: number): number;
  /** A standard normal draw (Box–Muller). */
  normal(): number;
  /** A new generator whose stream depends on this one's seed and `label`, not on how much of this one was used. */
  fork(label: string): Rng;
}

const splitmix32 = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
};

/** FNV-1a: a stable 32-bit hash of a label, for forking streams by name. */
export const hashLabel = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

/** A generator seeded with a 32-bit integer. */
export const createRng = (seed: number): Rng => {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const nextU32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of sfc32 are correlated with the seed; discard them.
  for (let i = 0; i < 12; i++) nextU32();

  const next = () => nextU32() / 4_294_967_296;
  const normal = () => {
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (items, weights) => {
      const total = weights.reduce((s, w) => s + w, 0);
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i]!;
        if (r < 0) return items[i]!;
      }
      return items[items.length - 1]!;
    },
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    normal,
    fork: (label) => createRng((seed ^ hashLabel(label)) >>> 0),
  };
};
