/**
 * Reading the public sprint dataset of Choetkiertikul et al. (IEEE TSE 2017, "Predicting Delivery
 * Capability in Iterative Software Development") and deriving the simulator's distributions from
 * it. Pure: callers pass file contents in, so the derivation script and its test share one code path.
 */

/** One sprint as the dataset describes it at a point of its planned duration. */
export interface DatasetSprint {
  readonly boardId: string;
  readonly sprintId: string;
  readonly name: string;
  readonly issuesAtStart: number;
  readonly pointsAtStart: number;
  readonly issuesAdded: number;
  readonly issuesRemoved: number;
  readonly issuesTodo: number;
  readonly issuesInProgress: number;
  readonly issuesDone: number;
  readonly pointsDone: number;
}

/** The rows that parsed, and how many did not. */
export interface DatasetParse {
  readonly sprints: readonly DatasetSprint[];
  readonly skipped: number;
}

/** Columns after the name: vel_diff … no_teammember. */
const NUMERIC_TAIL = 16;

/**
 * Parses one `<project>_iteration_<T>.csv`. Some sprint names hold unquoted commas, so the name is
 * rebuilt from whatever lies between the two leading id columns and the sixteen numeric ones;
 * a row that still does not fit is counted as skipped, never guessed.
 */
export const parseSprintCsv = (text: string): DatasetParse => {
  const sprints: DatasetSprint[] = [];
  let skipped = 0;
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  for (const line of lines.slice(1)) {
    const fields = line.split(",");
    if (fields.length < 2 + 1 + NUMERIC_TAIL) {
      skipped++;
      continue;
    }
    const tail = fields.slice(fields.length - NUMERIC_TAIL).map(Number);
    if (tail.some((n) => !Number.isFinite(n)) || !/^\d+$/.test(fields[0]!) || !/^\d+$/.test(fields[1]!)) {
      skipped++;
      continue;
    }
    const at = (i: number) => tail[i]!;
    sprints.push({
      boardId: fields[0]!,
      sprintId: fields[1]!,
      name: fields.slice(2, fields.length - NUMERIC_TAIL).join(","),
      issuesAtStart: at(2),
      pointsAtStart: at(3),
      issuesAdded: at(4),
      issuesRemoved: at(6),
      issuesTodo: at(8),
      issuesInProgress: at(10),
      issuesDone: at(12),
      pointsDone: at(13),
    });
  }
  return { sprints, skipped };
};

/** Distributions the simulator draws from, with the sample they came from. */
export interface DerivedSprintParams {
  /** Sprints read, rows skipped, and sprints large enough to count (≥ 5 issues at start). */
  readonly sprintsRead: number;
  readonly rowsSkipped: number;
  readonly sprintsUsed: number;
  /** Sprints where start + added − removed ≠ to do + in progress + done. */
  readonly identityViolations: number;
  /** Share of a sprint's issues that entered after its start: P25, median, P75. */
  readonly addedShare: Quartiles;
  /** Share of a sprint's issues removed after its start: P25, median, P75. */
  readonly removedShare: Quartiles;
  /** Done issues ÷ issues committed at start (late in the sprint): P25, median, P75. */
  readonly completionRatio: Quartiles;
  /** Coefficient of variation of done points across a board's sprints, over boards with ≥ 6 sprints. */
  readonly velocityCv: Quartiles;
}

export interface Quartiles {
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
}

const quantile = (sorted: readonly number[], q: number): number => {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
};

const round3 = (n: number) => Math.round(n * 1000) / 1000;

const quartiles = (values: readonly number[]): Quartiles => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p25: round3(quantile(sorted, 0.25)),
    p50: round3(quantile(sorted, 0.5)),
    p75: round3(quantile(sorted, 0.75)),
  };
};

/**
 * Derives the simulator's scope-change and velocity distributions from the sprints as seen at 80 %
 * of their planned duration (the latest snapshot the dataset has). Tiny sprints (< 5 issues at
 * start) are left out: their ratios are mostly noise.
 */
export const deriveSprintParams = (parses: readonly DatasetParse[]): DerivedSprintParams => {
  const all = parses.flatMap((p) => p.sprints);
  const used = all.filter((s) => s.issuesAtStart >= 5);
  const identityViolations = all.filter(
    (s) =>
      s.issuesAtStart + s.issuesAdded - s.issuesRemoved !== s.issuesTodo + s.issuesInProgress + s.issuesDone,
  ).length;
  const byBoard = new Map<string, number[]>();
  for (const s of used) {
    if (s.pointsDone <= 0) continue;
    const list = byBoard.get(s.boardId) ?? [];
    list.push(s.pointsDone);
    byBoard.set(s.boardId, list);
  }
  const cvs: number[] = [];
  for (const values of byBoard.values()) {
    if (values.length < 6) continue;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
    cvs.push(Math.sqrt(variance) / mean);
  }
  return {
    sprintsRead: all.length,
    rowsSkipped: parses.reduce((n, p) => n + p.skipped, 0),
    sprintsUsed: used.length,
    identityViolations,
    addedShare: quartiles(used.map((s) => s.issuesAdded / (s.issuesAtStart + s.issuesAdded))),
    removedShare: quartiles(used.map((s) => s.issuesRemoved / (s.issuesAtStart + s.issuesAdded))),
    completionRatio: quartiles(used.map((s) => s.issuesDone / s.issuesAtStart)),
    velocityCv: quartiles(cvs),
  };
};
