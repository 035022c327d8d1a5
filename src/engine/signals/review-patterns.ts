import { reviewContext } from "../reviews.ts";
import { median } from "../stats.ts";
import { daysBefore, listText, pctText, plural, r2 } from "./support.ts";
import { type Detector, evidence, type Finding } from "./types.ts";

/** Code-review anti-patterns: review bottleneck, hero dependency, unreviewed merges. */

export const reviewBottleneck: Detector = {
  pattern: "review_bottleneck",
  description:
    "Time to first review rises well above its baseline while review requests concentrate on one reviewer.",
  detect: ({ history, series, asOf }) => {
    const personOf = reviewContext(history).personOf;
    const since = daysBefore(asOf, 14);
    const requests = series.reviews.requests.filter((r) => !r.team && r.status !== "withdrawn");
    const baseline = requests.filter((r) => r.requestedAt < since && r.status !== "open");
    const recent = requests.filter((r) => r.requestedAt >= since);
    if (baseline.length < 15 || recent.length < 6) return [];
    const before = median(baseline.map((r) => r.workingHours))!;
    // Open requests count with the hours they have waited so far: a lower bound, never inflated.
    const now = median(recent.map((r) => r.workingHours))!;
    const byReviewer = new Map<string, typeof recent>();
    for (const r of recent) {
      const person = personOf(r.reviewer);
      byReviewer.set(person, [...(byReviewer.get(person) ?? []), r]);
    }
    const [reviewer, theirs] = [...byReviewer].sort(
      (a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1),
    )[0]!;
    const share = theirs.length / recent.length;
    const ratio = before > 0 ? now / before : Number.POSITIVE_INFINITY;
    if (ratio < 2 || now < 2 || share < 0.6) return [];
    const open = theirs.filter((r) => r.status === "open" || (r.status === "breached" && r.endedAt === null));
    const limit = series.reviews.sla.limitHours;
    return [
      {
        pattern: "review_bottleneck",
        key: `review_bottleneck:${reviewer}`,
        severity: now >= limit || open.length >= 3 ? "high" : "medium",
        title: `Reviews wait on ${nameOf(history, reviewer)}: first review takes ${r2(now)} working hours, ${r2(ratio)}× the usual`,
        summary: `In the last two weeks ${pctText(share)} of review requests (${theirs.length} of ${recent.length}) went to ${nameOf(history, reviewer)}; the median time to first review rose from ${r2(before)} to ${r2(now)} working hours (SLA ${limit} h)${open.length ? `, and ${plural(open.length, "request")} still wait${open.length === 1 ? "s" : ""}` : ""}.`,
        evidence: evidence({
          pullRequests: [...new Set(theirs.map((r) => r.prId))],
          other: [reviewer, ...open.map((r) => r.id)],
          series: {
            "median time to first review (working h)": series.weeks
              .filter((w) => w.timeToFirstReviewHours !== null)
              .map((w) => ({ label: w.week, value: r2(w.timeToFirstReviewHours!) })),
          },
          thresholds: {
            baselineMedianHours: r2(before),
            recentMedianHours: r2(now),
            ratio: r2(ratio),
            minimumRatio: 2,
            reviewerShare: r2(share),
            minimumShare: 0.6,
            slaHours: limit,
          },
        }),
        suggestedAction: `Spread review requests across the pod (a rotation or code owners) and ask ${nameOf(history, reviewer)} which reviews others can take over; keep their open queue under the SLA.`,
        escalationLevel: "L1",
        measure: r2(ratio),
      },
    ];
  },
};

/** A person's name for titles and summaries; evidence keeps the id. */
const nameOf = (
  history: { readonly people: readonly { readonly id: string; readonly name: string }[] },
  id: string,
) => history.people.find((p) => p.id === id)?.name ?? id;

export const heroDependency: Detector = {
  pattern: "hero_dependency",
  description: "One person authors or reviews most of the merged work: the pod depends on a single hero.",
  detect: ({ history, series, asOf }) => {
    const personOf = reviewContext(history).personOf;
    const since = daysBefore(asOf, 28);
    const merged = series.reviews.pullRequests.filter((p) => p.mergedAt !== null && p.mergedAt >= since);
    if (merged.length < 10) return [];
    const authored = new Map<string, number>();
    const touched = new Map<string, Set<string>>();
    const touch = (person: string, prId: string) =>
      touched.set(person, (touched.get(person) ?? new Set()).add(prId));
    for (const pr of merged) {
      const author = personOf(pr.author);
      authored.set(author, (authored.get(author) ?? 0) + 1);
      touch(author, pr.prId);
      for (const reviewer of pr.reviewers) touch(personOf(reviewer), pr.prId);
    }
    if (authored.size < 2) return [];
    const findings: Finding[] = [];
    for (const [person, prs] of touched) {
      const authoredShare = (authored.get(person) ?? 0) / merged.length;
      const touchedShare = prs.size / merged.length;
      if (!((authoredShare >= 0.45 && touchedShare >= 0.7) || (touchedShare >= 0.85 && authoredShare >= 0.3)))
        continue;
      findings.push({
        pattern: "hero_dependency",
        key: `hero_dependency:${person}`,
        severity: authoredShare >= 0.6 || touchedShare >= 0.9 ? "high" : "medium",
        title: `${nameOf(history, person)} authored ${pctText(authoredShare)} and touched ${pctText(touchedShare)} of merged work`,
        summary: `Of ${merged.length} pull requests merged in the last four weeks, ${nameOf(history, person)} authored ${authored.get(person) ?? 0} and authored or reviewed ${prs.size}: if they are away, delivery stalls.`,
        evidence: evidence({
          pullRequests: [...prs],
          other: [person],
          thresholds: {
            merged: merged.length,
            authoredShare: r2(authoredShare),
            touchedShare: r2(touchedShare),
            authored: "0.45 with 0.7 touched",
            touched: "0.85 with 0.3 authored",
          },
        }),
        suggestedAction: `Pair others with ${nameOf(history, person)} on the next items, route reviews to other pod members, and write down what only they know.`,
        escalationLevel: "L1",
        measure: r2(Math.max(authoredShare, touchedShare)),
      });
    }
    return findings;
  },
};

export const unreviewedMerges: Detector = {
  pattern: "unreviewed_merges",
  description: "Pull requests merged with no review by anyone but their author.",
  detect: ({ series, asOf }) => {
    const since = daysBefore(asOf, 14);
    const recent = series.reviews.unreviewedMerges.filter((m) => m.mergedAt >= since);
    const merged = series.reviews.pullRequests.filter(
      (p) => p.mergedAt !== null && p.mergedAt >= since,
    ).length;
    if (recent.length < 4 || recent.length < 0.25 * merged) return [];
    const share = merged === 0 ? 1 : recent.length / merged;
    return [
      {
        pattern: "unreviewed_merges",
        key: "unreviewed_merges",
        severity: share >= 0.25 ? "high" : "medium",
        title: `${plural(recent.length, "pull request")} merged without review in two weeks`,
        summary: `${recent.length} of ${merged} pull requests merged in the last two weeks had no review by anyone but their author: ${listText(recent.map((m) => `${m.repo}#${m.number} by ${m.author}`))}.`,
        evidence: evidence({
          pullRequests: recent.map((m) => m.prId),
          other: recent.flatMap((m) => m.eventIds.slice(0, 1)),
          thresholds: { unreviewed: recent.length, merged, share: r2(share), minimum: 4, minimumShare: 0.25 },
        }),
        suggestedAction:
          "Turn on branch protection requiring one approving review, and have the merged changes reviewed after the fact.",
        escalationLevel: "L1",
        measure: recent.length,
      },
    ];
  },
};
