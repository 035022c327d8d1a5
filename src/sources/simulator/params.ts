import type { DerivedSprintParams } from "./sprint-dataset.ts";

/**
 * Scope-change and velocity distributions of real sprints, derived by `scripts/derive-sim-params.ts`
 * from the 80 % snapshots of the Choetkiertikul et al. (IEEE TSE 2017) sprint dataset
 * (`../shared/data/sprints-choetkiertikul-2017/*_iteration_80.csv`, five open-source Jira
 * organisations). `params.test.ts` recomputes them from the data and fails when they drift.
 */
export const DERIVED_SPRINT_PARAMS: DerivedSprintParams = {
  sprintsRead: 3834,
  rowsSkipped: 0,
  sprintsUsed: 1308,
  identityViolations: 0,
  addedShare: { p25: 0.111, p50: 0.277, p75: 0.455 },
  removedShare: { p25: 0, p50: 0.056, p75: 0.197 },
  completionRatio: { p25: 0, p50: 0.27, p75: 0.778 },
  velocityCv: { p25: 0.6, p50: 0.717, p75: 0.89 },
};

/**
 * How much of the dataset's velocity spread a staffed pod shows. The dataset measures done points
 * at 80 % of each sprint and its boards mix volunteers who come and go; a pod of full-time
 * specialists is steadier, so the simulator keeps the lower quartile's spread and halves it.
 */
export const POD_STEADINESS = 0.5;

/** Coefficient of variation of a pod's per-sprint capacity. */
export const SPRINT_CAPACITY_CV = DERIVED_SPRINT_PARAMS.velocityCv.p25 * POD_STEADINESS;

/** Fibonacci story points and how often teams use each (a small-story-heavy mix). */
export const STORY_POINTS = [1, 2, 3, 5, 8, 13] as const;
export const STORY_POINT_WEIGHTS = [12, 25, 30, 22, 9, 2] as const;

/** Working hours of effort one story point takes at scale 1, before per-item noise. */
export const HOURS_PER_POINT = 6;

/** Median working hours from review request to first review in a healthy pod. */
export const HEALTHY_FIRST_REVIEW_HOURS = 2.5;

/** Share of pull requests opened as drafts, reviewed by a team, merged without review, closed unmerged. */
export const PR_DRAFT_SHARE = 0.3;
export const PR_TEAM_REQUEST_SHARE = 0.2;
export const PR_UNREVIEWED_SHARE = 0.04;
export const PR_ABANDONED_SHARE = 0.04;

/** Share of production deployments that fail. */
export const DEPLOYMENT_FAILURE_SHARE = 0.08;
