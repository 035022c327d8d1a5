import { type BacktestedSignal, backtestSignals } from "../src/engine/signals/backtest.ts";
import { PATTERNS, type Pattern } from "../src/engine/signals/types.ts";
import type { Connector } from "../src/ingest/connector.ts";
import { convertInMemory } from "../src/ingest/pipeline.ts";
import {
  SCENARIOS,
  type Scenario,
  type ScenarioGroundTruth,
  sampleConfig,
  simIds,
  simulateEngagement,
  simulatorConnector,
  simulatorSource,
} from "../src/sources/simulator/index.ts";
import { testEngagement } from "../src/testing/fixtures.ts";
import { historyOfBatch } from "./portfolio.ts";

/**
 * Scores the signal detectors on simulated engagements whose problems start on a known date.
 * Every engagement is backtested week by week with only the history known at each point; the
 * ground truth is read only here, after the fact, never by a detector.
 */

const WEEK_MS = 7 * 86_400_000;
/** Sprint starts (the sample pod plans on these Mondays), so a scenario starts with a sprint. */
const ONSETS = ["2026-03-30", "2026-04-13", "2026-04-27", "2026-05-11", "2026-05-25"];

export interface EvaluatedEngagement {
  readonly id: string;
  readonly scenario: Scenario;
  readonly truth: ScenarioGroundTruth;
  /** Domain ids of the ground truth's subjects, as detectors key them. */
  readonly subject: string | null;
  readonly from: string;
  readonly to: string;
  readonly signals: readonly BacktestedSignal[];
}

/** One simulated engagement of the evaluation, converted through the real connector stages. */
export const evaluationEngagement = async (n: number, scenario: Scenario, onsetDate: string) => {
  const id = `eval-${n}`;
  const sourceId = `${id}-sim`;
  const config = sampleConfig({ seed: 5000 + n * 7, scenario, onsetDate, keyPrefix: `E${n}` });
  const truth = simulateEngagement(config).groundTruth;
  const source = simulatorSource({
    id: sourceId,
    engagementId: id,
    config,
    createdAt: "2026-01-05T00:00:00.000Z",
  });
  const { batch } = await convertInMemory(simulatorConnector as unknown as Connector<unknown>, source);
  const history = historyOfBatch(testEngagement({ id, timeZone: config.timeZone }), batch);
  const subject =
    truth.milestoneId !== null
      ? simIds.milestone(sourceId, truth.milestoneId)
      : truth.itemKey !== null
        ? simIds.item(sourceId, truth.itemKey)
        : truth.person;
  return { id, history, truth, subject, to: `${config.endDate}T17:00:00.000Z` };
};

/** The engagements: every scenario (healthy included) on `seedsPerScenario` seeds. */
export const evaluateSignals = async (
  seedsPerScenario: number,
  stepDays = 3.5,
): Promise<EvaluatedEngagement[]> => {
  const out: EvaluatedEngagement[] = [];
  let n = 0;
  for (let s = 0; s < seedsPerScenario; s++) {
    for (const scenario of SCENARIOS) {
      n++;
      const e = await evaluationEngagement(n, scenario, ONSETS[(n + s) % ONSETS.length]!);
      const backtest = backtestSignals(e.history, { to: e.to, stepDays });
      out.push({
        id: e.id,
        scenario,
        truth: e.truth,
        subject: e.subject,
        from: backtest.from,
        to: e.to,
        signals: backtest.signals,
      });
    }
  }
  return out;
};

/** The scenario whose injected problem a pattern is meant to catch. */
const SCENARIO_OF: Partial<Record<Pattern, Scenario>> = {
  scope_drift: "scope_drift",
  review_bottleneck: "review_bottleneck",
  carryover_creep: "carryover_creep",
  silent_blocker: "silent_blocker",
  overcommitment: "overcommitment",
  milestone_slip: "milestone_slip",
  hero_dependency: "hero_dependency",
};

export interface PatternScore {
  readonly pattern: string;
  /** Scenario engagements of this pattern, and how many it caught after onset (on the right subject). */
  readonly engagements: number;
  readonly detected: number;
  readonly detectionRate: number | null;
  /** Median weeks from onset to the first matching firing. */
  readonly medianLeadWeeks: number | null;
  /** Every detected engagement's lead in weeks, sorted. */
  readonly leadWeeks: readonly number[];
  /** Firings on healthy engagements and before any onset, per engagement-quarter of healthy time. */
  readonly falseAlarmsPerQuarter: number;
  readonly falseAlarms: number;
  /** Firings after the onset of a different scenario (a related problem, or noise). */
  readonly otherScenarioFirings: number;
  /** detected ÷ (detected + false alarms). */
  readonly precision: number | null;
  /** detected ÷ (detected + false alarms + other-scenario firings). */
  readonly strictPrecision: number | null;
  /** The false alarms: engagement, key and date, for inspection. */
  readonly falseAlarmList: readonly string[];
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = (s.length - 1) / 2;
  return (s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2;
};

/**
 * Keys are `pattern:subject…`; the subject part is what the ground truth names. Milestone
 * patterns count on any milestone: a capacity drop slips every milestone after it, and the
 * simulator adds the split tickets to the milestone being planned, which can be the next one.
 */
const MILESTONE_PATTERNS = ["milestone_slip", "scope_drift"];
const aboutSubject = (key: string, subject: string | null) =>
  subject === null ||
  MILESTONE_PATTERNS.some((p) => key.startsWith(`${p}:`)) ||
  key.split(":").slice(1).join(":") === subject;

/** Scores each pattern (anomalies per metric) over the evaluated engagements. */
export const scoreSignals = (runs: readonly EvaluatedEngagement[]): PatternScore[] => {
  const names = new Set<string>(PATTERNS.filter((p) => p !== "anomaly"));
  for (const run of runs) for (const s of run.signals) if (s.pattern === "anomaly") names.add(s.key);
  // Healthy time: whole healthy engagements, and every engagement before its onset.
  let healthyQuarters = 0;
  for (const run of runs) {
    const end = run.scenario === "healthy" ? Date.parse(run.to) : Date.parse(run.truth.onsetAt);
    healthyQuarters += Math.max(0, end - Date.parse(run.from)) / (13 * WEEK_MS);
  }
  return [...names].map((name) => {
    const pattern = name.split(":")[0] as Pattern;
    const matches = (s: BacktestedSignal) => (name.includes(":") ? s.key === name : s.pattern === pattern);
    const scenario = SCENARIO_OF[pattern];
    const leads: number[] = [];
    let engagements = 0;
    let falseAlarms = 0;
    let other = 0;
    const falseAlarmList: string[] = [];
    for (const run of runs) {
      const onset = run.truth.onsetAt;
      const mine = run.scenario === scenario && run.scenario !== "healthy";
      if (mine) engagements++;
      let firstLead: number | null = null;
      for (const signal of run.signals.filter(matches)) {
        for (const episode of signal.episodes) {
          const healthyTime = run.scenario === "healthy" || episode.from < onset;
          if (healthyTime) {
            falseAlarms++;
            falseAlarmList.push(`${run.id} (${run.scenario}) ${signal.key} ${episode.from.slice(0, 10)}`);
          } else if (mine && aboutSubject(signal.key, run.subject)) {
            const lead = (Date.parse(episode.from) - Date.parse(onset)) / WEEK_MS;
            firstLead = firstLead === null ? lead : Math.min(firstLead, lead);
          } else other++;
        }
      }
      if (firstLead !== null) leads.push(firstLead);
    }
    const detected = leads.length;
    return {
      pattern: name,
      engagements,
      detected,
      detectionRate: engagements === 0 ? null : detected / engagements,
      medianLeadWeeks: median(leads),
      leadWeeks: [...leads].sort((a, b) => a - b).map((w) => Math.round(w * 10) / 10),
      falseAlarms,
      falseAlarmsPerQuarter: healthyQuarters === 0 ? 0 : falseAlarms / healthyQuarters,
      otherScenarioFirings: other,
      precision: detected + falseAlarms === 0 ? null : detected / (detected + falseAlarms),
      strictPrecision:
        detected + falseAlarms + other === 0 ? null : detected / (detected + falseAlarms + other),
      falseAlarmList,
    };
  });
};

const fmt = (n: number | null, digits = 2) => (n === null ? "—" : n.toFixed(digits));

/** The scores as an aligned table. */
export const scoreTable = (scores: readonly PatternScore[]): string => {
  const header = [
    "PATTERN",
    "ENG",
    "DETECTED",
    "RATE",
    "MEDIAN LEAD (WK)",
    "FALSE/ENG-QTR",
    "PRECISION",
    "OTHER-SCEN",
    "STRICT PREC",
  ];
  const rows = scores.map((s) => [
    s.pattern,
    String(s.engagements),
    String(s.detected),
    fmt(s.detectionRate),
    fmt(s.medianLeadWeeks, 1),
    `${fmt(s.falseAlarmsPerQuarter, 3)} (${s.falseAlarms})`,
    fmt(s.precision),
    String(s.otherScenarioFirings),
    fmt(s.strictPrecision),
  ]);
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
};
