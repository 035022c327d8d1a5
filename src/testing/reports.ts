import { raiseEscalation } from "../app/escalations.ts";
import { editReport, prepareWeekly } from "../app/reports.ts";
import type { ChartData } from "../reports/chart-data.ts";
import { getReport, type StoredReport, saveReport } from "../store/reports.ts";
import type { Store } from "../store/store.ts";
import { seedBeta } from "./beta.ts";

/** A title and a DM's comment written to break out of every format Baton renders. */
export const HOSTILE_TITLE = "<img src=x onerror=alert(1)>";
export const HOSTILE_COMMENT = '<script>alert("comment")</script> [click](javascript:alert(2))';

/** Charts a report's facts may carry, one of them titled by a source. */
export const SAMPLE_CHARTS: readonly ChartData[] = [
  {
    kind: "burnup",
    title: `Beta burn-up ${HOSTILE_TITLE}`,
    unit: "items",
    points: [
      { date: "2026-04-27", done: 0, scope: 4 },
      { date: "2026-05-01", done: 1, scope: 5 },
      { date: "2026-05-08", done: 2, scope: 6 },
    ],
    target: "2026-05-15",
    forecast: { p50: "2026-05-14", p85: "2026-05-20", p95: "2026-05-26" },
  },
  {
    kind: "review_sla",
    title: "Code review within the SLA",
    limitHours: 24,
    weeks: [
      { weekEnding: "2026-05-01", met: 6, breached: 1 },
      { weekEnding: "2026-05-08", met: 4, breached: 3 },
    ],
  },
];

export const NOW = new Date("2026-05-09T12:00:00.000Z");

/**
 * The Acme Mobile weekly status of 8 May 2026 with hostile text from a source (an escalation's
 * title) and from the DM (an edited comment), and charts in its facts.
 */
export const seedHostileWeekly = async (store: Store): Promise<StoredReport> => {
  await seedBeta(store);
  await raiseEscalation(
    store,
    {
      engagement: "acme-mobile",
      title: HOSTILE_TITLE,
      ask: "<script>alert(3)</script> provide sandbox keys",
      askedOf: "Acme CTO",
      dueDate: "2026-05-12",
      level: "L2",
      customerVisible: true,
    },
    new Date("2026-05-06T09:00:00.000Z"),
  );
  const { report } = await prepareWeekly(store, "acme-mobile", "2026-05-08", NOW);
  await editReport(store, report.id, `${report.markdown}\n${HOSTILE_COMMENT}\n`, NOW);
  const edited = (await getReport(store.db, report.id)) as StoredReport;
  const withCharts = { ...edited, facts: { ...(edited.facts as object), charts: SAMPLE_CHARTS } };
  await saveReport(store.db, withCharts);
  return withCharts;
};

const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A plain bar picture of a chart's first series, enough to see that charts reach the page. */
export const testChart = (data: ChartData): string => {
  const values =
    data.kind === "burnup"
      ? data.points.map((p) => p.done)
      : data.kind === "review_sla"
        ? data.weeks.map((w) => w.met)
        : data.kind === "cycle_time"
          ? data.points.map((p) => p.days)
          : data.days.map((d) => d.counts.reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...values);
  const bars = values
    .map(
      (v, i) =>
        `<rect x="${20 + i * 40}" y="${180 - (v / max) * 150}" width="30" height="${(v / max) * 150}" fill="#2f6fb3"/>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200" viewBox="0 0 600 200" data-chart="${data.kind}"><title>${escapeText(data.title)}</title>${bars}</svg>`;
};
