import type { Instant } from "../../domain/types.ts";
import type { EngagementHistory } from "../history.ts";
import { anomalies } from "./anomaly-patterns.ts";
import { bounceBacks, silentBlocker, wipExplosion } from "./flow-patterns.ts";
import { milestoneSlip, scopeDrift } from "./milestone-patterns.ts";
import { heroDependency, reviewBottleneck, unreviewedMerges } from "./review-patterns.ts";
import { deriveSeries } from "./series.ts";
import { carryoverCreep, lateScopeDumping, overcommitment } from "./sprint-patterns.ts";
import { dmLoad } from "./staffing-patterns.ts";
import type { Detector, Finding, Pattern, SignalOptions } from "./types.ts";

export { deriveSeries } from "./series.ts";
export * from "./types.ts";

/** Every detector, in the order their findings are listed. */
export const DETECTORS: readonly Detector[] = [
  scopeDrift,
  milestoneSlip,
  overcommitment,
  carryoverCreep,
  lateScopeDumping,
  reviewBottleneck,
  heroDependency,
  unreviewedMerges,
  silentBlocker,
  wipExplosion,
  bounceBacks,
  dmLoad,
  anomalies,
];

/** A detector that threw: reported beside the findings, never stopping the others. */
export interface DetectorFailure {
  readonly pattern: Pattern;
  readonly message: string;
}

export interface SignalsAsOf {
  readonly asOf: Instant;
  /** One finding per condition key. */
  readonly findings: readonly Finding[];
  readonly failures: readonly DetectorFailure[];
}

/**
 * Runs every detector on an engagement's history as of `asOf`, using only what was known then.
 * A detector that fails is reported in `failures`; the others still run. Pure.
 */
export const detectSignals = (
  history: EngagementHistory,
  asOf: Instant,
  options: SignalOptions = {},
  detectors: readonly Detector[] = DETECTORS,
): SignalsAsOf => {
  const series = deriveSeries(history, asOf, options);
  const findings = new Map<string, Finding>();
  const failures: DetectorFailure[] = [];
  for (const detector of detectors) {
    try {
      for (const finding of detector.detect({ history, asOf, series, options })) {
        if (!findings.has(finding.key)) findings.set(finding.key, finding);
      }
    } catch (error) {
      failures.push({
        pattern: detector.pattern,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { asOf, findings: [...findings.values()], failures };
};
