import { createTwoFilesPatch } from "diff";
import { slugify } from "../domain/ids.ts";
import { type CalendarDate, WEEKDAY_NAMES } from "../domain/types.ts";
import { isoWeekday, localDate } from "../engine/flow-days.ts";
import { BatonError, conflict, notFound } from "../errors.ts";
import { type NarratorConfig, narrateReport } from "../reports/narrate.ts";
import { getReport, reportVersions, type StoredReport, saveReport } from "../store/reports.ts";
import type { Db, Store, Tx } from "../store/store.ts";
import { requireEngagement } from "./engagements.ts";
import { reportKind } from "./report-kinds.ts";
import { indexRecord } from "./search.ts";

/**
 * Report drafts and publishing. A draft is written from facts and rewritten whenever it is
 * prepared again, until the DM edits it; from then on its text is the DM's. Publishing freezes
 * the draft's text and facts as a numbered version, with a diff to the version before; a
 * published version is never changed, only superseded by the next.
 */

export interface PreparedDraft {
  readonly report: StoredReport;
  /** False when the DM had edited the draft: its text was kept, not rewritten. */
  readonly regenerated: boolean;
}

/** Stores a report version and its search document together. */
const saveReportIndexed = async (db: Db | Tx, report: StoredReport) => {
  await saveReport(db, report);
  await indexRecord(db, { kind: "report", value: report });
};

/** How drafts are written: with `narrator`, a model rewrites the template's prose (checked against the facts). */
export interface PrepareOptions {
  readonly narrator?: NarratorConfig | null;
}

/** A draft's id: engagement, kind and period, the period slugged (a sprint may be "Sprint 14"). */
export const draftId = (engagementId: string, kind: string, period: string) =>
  `${engagementId}-${kind}-${slugify(period)}`;

/**
 * Prepares the draft of a report of `kind` for the period the user named (undefined: the kind's
 * default, such as the week ending today in the engagement's time zone). A draft the DM edited is
 * kept as it is; otherwise it is written again from fresh facts, and narrated when a narrator is
 * configured: the model's text stands only if it passes the grounding check, else the template's
 * does, and the draft records which and why.
 */
export const prepareReport = async (
  store: Store,
  engagementId: string,
  kind: string,
  periodInput: string | undefined,
  now: Date,
  options: PrepareOptions = {},
): Promise<PreparedDraft> => {
  const def = reportKind(kind);
  const engagement = await requireEngagement(store, engagementId);
  const { period, asOf } = await def.resolve(store, engagement, periodInput, now);
  const id = draftId(engagementId, kind, period);
  const existing = await getReport(store.db, id);
  if (existing?.edited) return { report: existing, regenerated: false };
  const facts = await def.facts(store, engagement, period, asOf, now);
  const template = def.markdown(facts);
  const narrated = options.narrator ? await narrateReport(facts, template, options.narrator, { now }) : null;
  const report: StoredReport = {
    id,
    engagementId,
    kind,
    period,
    status: "draft",
    version: 0,
    facts,
    markdown: narrated?.markdown ?? template,
    edited: false,
    createdAt: existing?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    publishedAt: null,
    publishedBy: null,
    diff: null,
    narration: narrated?.narration ?? null,
  };
  await saveReportIndexed(store.db, report);
  return { report, regenerated: true };
};

/** The weekly status draft for the week ending on `ending` (default: today in the engagement's zone). */
export const prepareWeekly = (
  store: Store,
  engagementId: string,
  ending: CalendarDate | undefined,
  now: Date,
  options: PrepareOptions = {},
): Promise<PreparedDraft> => prepareReport(store, engagementId, "weekly", ending, now, options);

export const requireReport = async (store: Store, id: string): Promise<StoredReport> => {
  const report = await getReport(store.db, id);
  if (!report) throw notFound("report", id);
  return report;
};

/** The DM's own text for a draft; from now on preparing the draft again keeps it. */
export const editReport = async (
  store: Store,
  id: string,
  markdown: string,
  now: Date,
): Promise<StoredReport> => {
  const report = await requireReport(store, id);
  if (report.status !== "draft") {
    const draft = draftId(report.engagementId, report.kind, report.period);
    throw conflict(
      `report ${id} is published version ${report.version} and is never changed; edit the draft ${draft} and publish it again`,
    );
  }
  if (markdown.trim() === "") throw new BatonError("invalid_input", "the report text is empty");
  const next: StoredReport = { ...report, markdown, edited: true, updatedAt: now.toISOString() };
  await saveReportIndexed(store.db, next);
  return next;
};

/** Drops the DM's edits: the next prepare writes the draft from facts again. */
export const resetReport = async (store: Store, id: string, now: Date): Promise<StoredReport> => {
  const report = await requireReport(store, id);
  if (report.status !== "draft") throw conflict(`report ${id} is published; only drafts can be reset`);
  const next: StoredReport = { ...report, edited: false, updatedAt: now.toISOString() };
  await saveReport(store.db, next);
  return next;
};

export interface Publication {
  readonly report: StoredReport;
  /** False when the draft's text was already the latest published version: nothing new. */
  readonly published: boolean;
}

/**
 * Publishes a draft as the next version, atomically: the version before becomes superseded and
 * the new one records the diff to it. Publishing text identical to the latest version returns
 * that version unchanged, so publishing twice is harmless.
 */
export const publishReport = async (
  store: Store,
  id: string,
  by: string,
  now: Date,
): Promise<Publication> => {
  const source = await requireReport(store, id);
  const draft =
    source.status === "draft"
      ? source
      : await requireReport(store, draftId(source.engagementId, source.kind, source.period));
  return store.db.transaction().execute(async (tx) => {
    const versions = (await reportVersions(tx, draft.engagementId, draft.kind, draft.period)).filter(
      (r) => r.version > 0,
    );
    const latest = versions.at(-1);
    if (latest && latest.markdown === draft.markdown) return { report: latest, published: false };
    const version = (latest?.version ?? 0) + 1;
    const report: StoredReport = {
      ...draft,
      id: `${draft.id}-v${version}`,
      status: "published",
      version,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      publishedAt: now.toISOString(),
      publishedBy: by,
      diff: latest
        ? createTwoFilesPatch(
            `version ${latest.version}`,
            `version ${version}`,
            latest.markdown,
            draft.markdown,
            "",
            "",
            {
              context: 2,
            },
          )
        : null,
    };
    if (latest)
      await saveReportIndexed(tx, { ...latest, status: "superseded", updatedAt: now.toISOString() });
    await saveReportIndexed(tx, report);
    return { report, published: true };
  });
};

/** The latest published version of each report of an engagement (what a customer may read). */
export const publishedReports = async (store: Store, engagementId: string): Promise<StoredReport[]> => {
  const rows = await store.db
    .selectFrom("reports")
    .select("id")
    .where("engagementId", "=", engagementId)
    .where("status", "=", "published")
    .orderBy("period", "desc")
    .execute();
  const reports: StoredReport[] = [];
  for (const { id } of rows) reports.push(await requireReport(store, id));
  return reports;
};

/**
 * On the engagement's report day (in its time zone), prepares that day's weekly draft unless one
 * already exists; any other day it does nothing. Scheduled syncs call it, so drafts wait for the DM
 * on report day morning; preparing is idempotent, so several instances doing it change nothing.
 */
export const prepareDueDraft = async (
  store: Store,
  engagementId: string,
  now: Date,
  options: PrepareOptions = {},
): Promise<StoredReport | null> => {
  const engagement = await requireEngagement(store, engagementId);
  const date = localDate(now.toISOString(), engagement.timeZone);
  if (WEEKDAY_NAMES[isoWeekday(date) - 1] !== engagement.reportDay) return null;
  if (await getReport(store.db, draftId(engagementId, "weekly", date))) return null;
  return (await prepareWeekly(store, engagementId, date, now, options)).report;
};

/**
 * Every draft due today: the weekly status on report day, and on the month's first report day
 * also the monthly review of the month before (unless the engagement had not started then). A
 * draft that exists is left alone, so running this again, or on several instances, changes nothing.
 */
export const prepareDueDrafts = async (
  store: Store,
  engagementId: string,
  now: Date,
  options: PrepareOptions = {},
): Promise<StoredReport[]> => {
  const weekly = await prepareDueDraft(store, engagementId, now, options);
  if (!weekly) return [];
  const drafts = [weekly];
  const [year, month, day] = weekly.period.split("-").map(Number) as [number, number, number];
  if (day > 7) return drafts;
  const previous = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
  if (await getReport(store.db, draftId(engagementId, "monthly", previous))) return drafts;
  try {
    drafts.push((await prepareReport(store, engagementId, "monthly", previous, now, options)).report);
  } catch (error) {
    // A month before the engagement began has no review to write.
    if (!(error instanceof BatonError && error.code === "invalid_input")) throw error;
  }
  return drafts;
};
