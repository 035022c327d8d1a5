import type { CalendarDate, Instant } from "../domain/types.ts";
import type { CustomerImpact, Escalation, EscalationLevel, Severity } from "../domain/workflows.ts";

/**
 * Judgment support for escalations: which level a problem deserves, which open escalation it
 * duplicates, when a DM is about to escalate what the pod already handles, and how often a DM's
 * escalations turned out warranted. Pure; the DM decides.
 */

export interface LevelInput {
  readonly severity: Severity;
  readonly customerImpact: CustomerImpact;
  /** When the impact lands if nothing is done; null when unknown. */
  readonly impactDate: CalendarDate | null;
  /** Today, in the engagement's calendar. */
  readonly today: CalendarDate;
}

export interface LevelSuggestion {
  readonly level: EscalationLevel;
  readonly reason: string;
}

const daysBetween = (from: CalendarDate, to: CalendarDate) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The level a problem deserves. L3 when it is critical, or the customer is hit hard within a
 * week; L2 when the customer feels it at all, or it is high severity landing within two weeks;
 * otherwise the DM handles it in the pod (L1).
 */
export const suggestLevel = (input: LevelInput): LevelSuggestion => {
  const days = input.impactDate === null ? null : daysBetween(input.today, input.impactDate);
  const within = (limit: number) => days !== null && days <= limit;
  const when = days === null ? "" : days < 0 ? ", already overdue" : `, impact in ${days} days`;
  if (input.severity === "critical")
    return { level: "L3", reason: `critical severity${when}: the director and sponsor should know now` };
  if (input.customerImpact === "high" && within(7))
    return { level: "L3", reason: `high customer impact within a week${when}` };
  if (input.customerImpact === "high")
    return {
      level: "L2",
      reason: `high customer impact${when || ", date unknown"}: customer leadership decides`,
    };
  if (input.customerImpact === "low")
    return {
      level: "L2",
      reason: `the customer feels it${when}: customer leadership should hear it from the DM`,
    };
  if (input.severity === "high" && within(14))
    return { level: "L2", reason: `high severity landing within two weeks${when}` };
  return { level: "L1", reason: `no customer impact${when}: handle it in the pod` };
};

const STOP_WORDS = new Set(
  "the a an of to in on for and or is are was were be been by with at not no yet still has have from".split(
    " ",
  ),
);

// "payments" and "payment" are the same problem; a light plural fold is enough for titles.
const stem = (word: string) =>
  word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;

const words = (text: string) =>
  new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
      .map(stem),
  );

/** Word overlap of two titles (Jaccard, 0–1), ignoring case, punctuation and filler words. */
export const titleSimilarity = (a: string, b: string): number => {
  const x = words(a);
  const y = words(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
};

export interface EscalationDraft {
  readonly engagementId: string;
  readonly title: string;
  readonly level: EscalationLevel;
  readonly signalId: string | null;
  readonly raisedBy: string | null;
}

export type EscalationWarning =
  | { readonly kind: "duplicate"; readonly escalationId: string; readonly message: string }
  | { readonly kind: "handled_at_l1"; readonly escalationId: string; readonly message: string }
  | {
      readonly kind: "unusually_often";
      readonly count: number;
      readonly usual: number;
      readonly message: string;
    };

export const DUPLICATE_SIMILARITY = 0.6;

const median = (values: readonly number[]) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const monthOf = (instant: Instant) => instant.slice(0, 7);

const previousMonths = (month: string, count: number): string[] => {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(year, m - 1 - (i + 1), 1));
    return d.toISOString().slice(0, 7);
  });
};

/**
 * What the DM should know before raising `draft`: an open escalation on the same signal or with a
 * near-identical title (merge instead), the same problem already being handled at L1 (raising it
 * higher needs a reason), or an unusual number of escalations this month by the same DM
 * (at least 3, and more than twice their median of the six months before).
 */
export const escalationWarnings = (
  draft: EscalationDraft,
  existing: readonly Escalation[],
  now: Instant,
): EscalationWarning[] => {
  const warnings: EscalationWarning[] = [];
  const live = existing.filter((e) => e.status !== "resolved" && e.engagementId === draft.engagementId);
  const same = (e: Escalation) =>
    (draft.signalId !== null && e.signalId === draft.signalId) ||
    titleSimilarity(e.title, draft.title) >= DUPLICATE_SIMILARITY;
  for (const e of live.filter(same)) {
    if (e.level === "L1" && draft.level !== "L1")
      warnings.push({
        kind: "handled_at_l1",
        escalationId: e.id,
        message: `"${e.title}" (${e.id}) is already being handled in the pod at L1; raise that one's level instead, with the reason it no longer suffices`,
      });
    else
      warnings.push({
        kind: "duplicate",
        escalationId: e.id,
        message: `"${e.title}" (${e.id}, ${e.level}, ${e.status}) looks like the same problem; merge into it rather than escalating twice`,
      });
  }

  if (draft.raisedBy !== null) {
    const month = monthOf(now);
    const mine = existing.filter((e) => e.raisedBy === draft.raisedBy && e.mergedInto === null);
    const count = mine.filter((e) => monthOf(e.createdAt) === month).length + 1;
    const usual = median(
      previousMonths(month, 6).map((m) => mine.filter((e) => monthOf(e.createdAt) === m).length),
    );
    if (count >= 3 && count > 2 * usual)
      warnings.push({
        kind: "unusually_often",
        count,
        usual,
        message: `this would be escalation ${count} this month, against a usual ${usual} a month; check each one needs to leave the pod`,
      });
  }
  return warnings;
};

export interface EscalationPrecision {
  /** Resolved escalations whose DM recorded whether they were warranted. */
  readonly rated: number;
  readonly warranted: number;
  /** warranted / rated; null before any is rated. */
  readonly precision: number | null;
  /** Resolved but not yet rated: the DM still owes a verdict. */
  readonly unrated: number;
}

/** How often escalations were warranted, over resolved ones (merged duplicates excluded). */
export const escalationPrecision = (escalations: readonly Escalation[]): EscalationPrecision => {
  const resolved = escalations.filter((e) => e.status === "resolved" && e.mergedInto === null);
  const rated = resolved.filter((e) => e.warranted !== null);
  const warranted = rated.filter((e) => e.warranted === true).length;
  return {
    rated: rated.length,
    warranted,
    precision: rated.length === 0 ? null : warranted / rated.length,
    unrated: resolved.length - rated.length,
  };
};
