import { createRng } from "../domain/random.ts";
import type { CalendarDate } from "../domain/types.ts";
import { invalidInput } from "../errors.ts";
import { isoWeekday } from "./flow-days.ts";
import { daysBetween, summarizeSample } from "./forecast-sample.ts";
import type { SimulationPlan, SimulationRngs } from "./forecast-sim.ts";
import type { CapacitySeries, ForecastInputs, ScopeGrowthModel, ThroughputSample } from "./forecast-types.ts";

/** Turns a forecast's inputs into a kernel plan: typed arrays prepared once per forecast. */

/** Default trials (METRICS.md asks for at least 10,000). */
export const DEFAULT_TRIALS = 10_000;
/** Default horizon of "when": ten years; trials still unfinished then are reported as such. */
export const DEFAULT_HORIZON_DAYS = 3_650;

/** The three seeded generators of one forecast (see forecast-sim.ts). */
export const rngsFor = (seed: number): SimulationRngs => {
  const root = createRng(seed);
  return { draws: root, growth: root.fork("scope-growth"), rounding: root.fork("capacity-rounding") };
};

/** The sample as a typed array, checked: completions are whole numbers, never negative. */
export const sampleArray = (sample: ThroughputSample): Int32Array => {
  const out = new Int32Array(sample.counts.length);
  for (let i = 0; i < out.length; i++) {
    const c = sample.counts[i]!;
    if (!Number.isInteger(c) || c < 0) {
      throw invalidInput("throughput counts must be whole numbers of zero or more", { index: i, count: c });
    }
    out[i] = c;
  }
  return out;
};

/** The capacity factor `day` calendar days after `start` (1 before the series, its last after). */
const factorAt = (capacity: CapacitySeries, offset: number, day: number): number => {
  const i = offset + day;
  if (i < 0 || capacity.factors.length === 0) return 1;
  return capacity.factors[Math.min(i, capacity.factors.length - 1)]!;
};

/** Everything a kernel needs for a forecast starting on `start` and running `horizonDays` days. */
export const buildPlan = (input: {
  readonly sample: ThroughputSample;
  readonly sampleArray: Int32Array;
  readonly start: CalendarDate;
  readonly trials: number;
  readonly horizonDays: number;
  readonly capacity: CapacitySeries | null;
  readonly growthPerWeek: number;
}): SimulationPlan => {
  const { sample, start, capacity } = input;
  if (!Number.isInteger(input.trials) || input.trials < 1) {
    throw invalidInput("trials must be a positive whole number", { trials: input.trials });
  }
  const stepDays = sample.unit === "week" ? 7 : 1;
  const steps = Math.max(1, Math.ceil(input.horizonDays / stepDays));
  const active = new Uint8Array(steps).fill(1);
  if (stepDays === 1 && sample.dayMode === "working") {
    const working = new Set<number>(sample.workingDays);
    const first = isoWeekday(start);
    for (let s = 0; s < steps; s++) active[s] = working.has(((first - 1 + s) % 7) + 1) ? 1 : 0;
  }
  let factors: Float64Array | null = null;
  if (capacity !== null) {
    factors = new Float64Array(steps);
    const offset = daysBetween(capacity.start, start);
    for (let s = 0; s < steps; s++) {
      let sum = 0;
      for (let d = 0; d < stepDays; d++) sum += factorAt(capacity, offset, s * stepDays + d);
      factors[s] = sum / stepDays;
    }
  }
  return {
    sample: input.sampleArray,
    stepDays,
    steps,
    active,
    factors,
    growthPerStep: (input.growthPerWeek * stepDays) / 7,
    trials: input.trials,
  };
};

/** The `inputs` block every result carries. */
export const forecastInputs = (input: {
  readonly sample: ThroughputSample;
  readonly start: CalendarDate;
  readonly seed: number;
  readonly trials: number;
  readonly horizonDays: number;
  readonly scopeGrowth: ScopeGrowthModel | null;
  readonly capacity: CapacitySeries | null;
}): ForecastInputs => ({
  start: input.start,
  seed: input.seed,
  trials: input.trials,
  sample: summarizeSample(input.sample),
  horizonDays: input.horizonDays,
  scopeGrowth: input.scopeGrowth,
  capacity:
    input.capacity === null
      ? null
      : {
          start: input.capacity.start,
          baselineFte: input.capacity.baselineFte,
          changes: input.capacity.changes,
          assumptions: input.capacity.assumptions,
          scaling: "stochastic_rounding",
        },
});
