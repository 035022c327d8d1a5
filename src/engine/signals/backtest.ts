import type { Instant } from "../../domain/types.ts";
import type { EngagementHistory } from "../history.ts";
import { DETECTORS, detectSignals } from "./index.ts";
import { historyStart } from "./series.ts";
import { WEEK_MS } from "./support.ts";
import type { Detector, Pattern, Severity, SignalOptions } from "./types.ts";

/** One stretch during which a condition held at consecutive evaluation points. */
export interface SignalEpisode {
  /** First evaluation point at which it held. */
  readonly from: Instant;
  /** First evaluation point at which it no longer held; null when it still holds at the end. */
  readonly clearedAt: Instant | null;
}

/** When a condition would have fired, replayed over history. */
export interface BacktestedSignal {
  readonly key: string;
  readonly pattern: Pattern;
  readonly title: string;
  readonly firstFiredAt: Instant;
  /** The highest severity it reached. */
  readonly severity: Severity;
  readonly episodes: readonly SignalEpisode[];
}

export interface SignalBacktest {
  readonly from: Instant;
  readonly to: Instant;
  readonly stepDays: number;
  readonly points: number;
  /** By first firing, oldest first. */
  readonly signals: readonly BacktestedSignal[];
}

export interface SignalBacktestOptions extends SignalOptions {
  /** First evaluation point (default: history start plus the minimum history, 6 weeks). */
  readonly from?: Instant;
  /** Last evaluation point. */
  readonly to: Instant;
  /** Days between evaluation points (default 7). */
  readonly stepDays?: number;
  readonly detectors?: readonly Detector[];
}

const RANK: Readonly<Record<Severity, number>> = { low: 0, medium: 1, high: 2 };

/**
 * Runs the detectors at every evaluation point from `from` to `to`, each time with only the
 * history known then, and reports the first date each condition would have fired and the
 * stretches it held. Pure.
 */
export const backtestSignals = (
  history: EngagementHistory,
  options: SignalBacktestOptions,
): SignalBacktest => {
  const stepDays = options.stepDays ?? 7;
  const from =
    options.from ??
    new Date(Date.parse(historyStart(history)) + (options.minHistoryWeeks ?? 6) * WEEK_MS).toISOString();
  const found = new Map<
    string,
    {
      key: string;
      pattern: Pattern;
      title: string;
      firstFiredAt: Instant;
      severity: Severity;
      episodes: { from: Instant; clearedAt: Instant | null }[];
    }
  >();
  let points = 0;
  for (let t = Date.parse(from); t <= Date.parse(options.to); t += stepDays * 86_400_000) {
    const asOf = new Date(t).toISOString();
    points++;
    const { findings } = detectSignals(history, asOf, options, options.detectors ?? DETECTORS);
    const present = new Set<string>();
    for (const f of findings) {
      present.add(f.key);
      const seen = found.get(f.key);
      if (!seen) {
        found.set(f.key, {
          key: f.key,
          pattern: f.pattern,
          title: f.title,
          firstFiredAt: asOf,
          severity: f.severity,
          episodes: [{ from: asOf, clearedAt: null }],
        });
        continue;
      }
      if (RANK[f.severity] > RANK[seen.severity]) seen.severity = f.severity;
      if (seen.episodes.at(-1)!.clearedAt !== null) seen.episodes.push({ from: asOf, clearedAt: null });
    }
    for (const seen of found.values()) {
      const last = seen.episodes.at(-1)!;
      if (last.clearedAt === null && !present.has(seen.key)) last.clearedAt = asOf;
    }
  }
  return {
    from,
    to: options.to,
    stepDays,
    points,
    signals: [...found.values()].sort((a, b) =>
      a.firstFiredAt < b.firstFiredAt ? -1 : a.firstFiredAt > b.firstFiredAt ? 1 : a.key < b.key ? -1 : 1,
    ),
  };
};
