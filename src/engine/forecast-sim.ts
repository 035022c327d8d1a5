import type { Rng } from "../domain/random.ts";

/**
 * The Monte Carlo kernels behind the forecasts. Each trial walks simulated steps (days or 7-day
 * weeks), drawing one sampled period's throughput per step by index from the seeded generator.
 * The hot loops allocate nothing per trial: the sample, the per-step capacity factors and the
 * outputs are typed arrays prepared once, and the random draws are plain calls.
 *
 * Three independent generators keep the forecasts comparable: `draws` picks sampled periods,
 * `growth` draws new scope, `rounding` rounds scaled throughput. A forecast with scope growth
 * therefore sees exactly the same throughput as the one without, trial by trial, so growth can
 * only move a trial's finish later.
 */

/** A trial that has not finished within the horizon. */
export const UNFINISHED = 0x7fffffff;

/** What a kernel simulates. */
export interface SimulationPlan {
  /** The sampled periods' completions. */
  readonly sample: Int32Array;
  /** Calendar days per step: 1 (daily sample) or 7 (weekly sample). */
  readonly stepDays: 1 | 7;
  /** Steps to simulate at most. */
  readonly steps: number;
  /** Per step: 1 when it draws throughput, 0 for a non-working day (finishes nothing). */
  readonly active: Uint8Array;
  /** Per step capacity factor, or null for 1 throughout. */
  readonly factors: Float64Array | null;
  /** Mean new scope items per step (0: no growth). */
  readonly growthPerStep: number;
  readonly trials: number;
}

/** The generators a kernel draws from. */
export interface SimulationRngs {
  readonly draws: Rng;
  readonly growth: Rng;
  readonly rounding: Rng;
}

/** A Poisson draw (Knuth's product method; a rounded normal approximation above a mean of 30). */
const poisson = (rng: Rng, mean: number, expNegMean: number): number => {
  if (mean > 30) {
    const x = Math.round(mean + Math.sqrt(mean) * rng.normal());
    return Math.max(x, 0);
  }
  let k = 0;
  let p = rng.next();
  while (p > expNegMean) {
    k++;
    p *= rng.next();
  }
  return k;
};

/** `x` rounded down or up at random, up with probability equal to its fraction: unbiased. */
const stochasticRound = (x: number, rng: Rng): number => {
  const whole = Math.floor(x);
  return rng.next() < x - whole ? whole + 1 : whole;
};

/**
 * "When": for each target (remaining items, ascending), the day on which each trial finishes it
 * (1 = the first simulated day), or UNFINISHED. A target is met when completions reach the target
 * plus the scope added so far. Within a weekly step the finish day is interpolated as if the
 * week's completions were spread evenly over its 7 days.
 */
export const simulateFinishDays = (
  plan: SimulationPlan,
  targets: Int32Array,
  rngs: SimulationRngs,
): Int32Array[] => {
  const { sample, stepDays, steps, active, factors, growthPerStep, trials } = plan;
  const { draws, growth, rounding } = rngs;
  const size = sample.length;
  const k = targets.length;
  const out = Array.from({ length: k }, () => new Int32Array(trials));
  const expNeg = Math.exp(-growthPerStep);
  if (growthPerStep === 0 && factors === null && stepDays === 1 && active.every((a) => a === 1)) {
    return finishDaysPlain(sample, steps, targets, trials, draws);
  }
  for (let t = 0; t < trials; t++) {
    let done = 0;
    let added = 0;
    let next = 0;
    while (next < k && targets[next]! <= 0) out[next++]![t] = 0;
    for (let s = 0; s < steps && next < k; s++) {
      if (growthPerStep > 0) added += poisson(growth, growthPerStep, expNeg);
      if (active[s] === 0) continue;
      let c = sample[Math.floor(draws.next() * size)]!;
      if (factors !== null) c = stochasticRound(c * factors[s]!, rounding);
      if (c <= 0) continue;
      const before = done;
      done += c;
      while (next < k && done >= targets[next]! + added) {
        const need = targets[next]! + added - before;
        out[next]![t] = stepDays === 1 ? s + 1 : s * 7 + Math.ceil((7 * need) / c);
        next++;
      }
    }
    while (next < k) out[next++]![t] = UNFINISHED;
  }
  return out;
};

/** The common case of `simulateFinishDays` (daily steps, no growth, no capacity): the tightest loop. */
const finishDaysPlain = (
  sample: Int32Array,
  steps: number,
  targets: Int32Array,
  trials: number,
  draws: Rng,
): Int32Array[] => {
  const size = sample.length;
  const k = targets.length;
  const out = Array.from({ length: k }, () => new Int32Array(trials));
  const last = targets[k - 1]!;
  for (let t = 0; t < trials; t++) {
    let done = 0;
    let next = 0;
    let s = 0;
    while (next < k && targets[next]! <= 0) out[next++]![t] = 0;
    while (done < last && s < steps) {
      done += sample[Math.floor(draws.next() * size)]!;
      s++;
      while (next < k && done >= targets[next]!) out[next++]![t] = s;
    }
    while (next < k) out[next++]![t] = UNFINISHED;
  }
  return out;
};

/**
 * "How many": for each horizon (calendar days from the start, ascending), the items each trial
 * finishes within it. A horizon ending inside a weekly step takes that week's completions in
 * proportion to its days inside the horizon, rounded stochastically.
 */
export const simulateCounts = (
  plan: SimulationPlan,
  horizonDays: Int32Array,
  rngs: SimulationRngs,
): Int32Array[] => {
  const { sample, stepDays, active, factors, trials } = plan;
  const { draws, rounding } = rngs;
  const size = sample.length;
  const k = horizonDays.length;
  const out = Array.from({ length: k }, () => new Int32Array(trials));
  for (let t = 0; t < trials; t++) {
    let total = 0;
    let next = 0;
    for (let s = 0; next < k; s++) {
      const stepStart = s * stepDays;
      let c = 0;
      if (active[s] !== 0) {
        c = sample[Math.floor(draws.next() * size)]!;
        if (factors !== null) c = stochasticRound(c * factors[s]!, rounding);
      }
      while (next < k && horizonDays[next]! <= stepStart + stepDays) {
        const inside = horizonDays[next]! - stepStart;
        out[next]![t] = total + (inside >= stepDays ? c : stochasticRound((c * inside) / stepDays, rounding));
        next++;
      }
      total += c;
    }
  }
  return out;
};

/** Sorts simulated values ascending, in place (typed-array sort is numeric). */
export const sortValues = (values: Int32Array): Int32Array => values.sort();

/**
 * The smallest value that at least `p` of the trials reach or beat from below: the inverse
 * empirical distribution, no interpolation (finish days are whole days). `sorted` is ascending.
 */
export const lowerQuantile = (sorted: Int32Array, p: number): number =>
  sorted[Math.max(0, Math.ceil(p * sorted.length - 1e-9) - 1)]!;

/**
 * The largest value that at least `p` of the trials reach or exceed: "at least this many with
 * probability p", i.e. the (1 − p) quantile. `sorted` is ascending.
 */
export const atLeastQuantile = (sorted: Int32Array, p: number): number =>
  sorted[Math.max(0, sorted.length - Math.ceil(p * sorted.length - 1e-9))]!;

/** Counts of each distinct value of an ascending array, from its minimum to its maximum (gaps as 0). */
export const histogram = (
  sorted: Int32Array,
  limit: number = UNFINISHED,
): { readonly value: number; readonly trials: number }[] => {
  const bins: { value: number; trials: number }[] = [];
  let i = 0;
  while (i < sorted.length && sorted[i]! < limit) {
    const value = sorted[i]!;
    let j = i;
    while (j < sorted.length && sorted[j] === value) j++;
    const last = bins[bins.length - 1];
    if (last) for (let gap = last.value + 1; gap < value; gap++) bins.push({ value: gap, trials: 0 });
    bins.push({ value, trials: j - i });
    i = j;
  }
  return bins;
};
