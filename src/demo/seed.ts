import { afterIngest } from "../app/sources.ts";
import { createUser } from "../app/users.ts";
import { slugify } from "../domain/ids.ts";
import { addDays } from "../domain/time.ts";
import { runSync, type SyncOptions } from "../ingest/pipeline.ts";
import { connectorFor } from "../sources/registry.ts";
import { SIMULATOR_KIND, simulatorConfig, simulatorSource } from "../sources/simulator/index.ts";
import {
  saveAssignment,
  saveCustomer,
  saveEngagement,
  saveIdentities,
  saveMembership,
  savePerson,
} from "../store/engagements.ts";
import { type RunSummary, saveSource } from "../store/ingestion.ts";
import type { Store } from "../store/store.ts";
import {
  DEMO_ENGAGEMENTS,
  DEMO_LOGINS,
  DEMO_PASSWORD,
  type DemoEngagement,
  demoStartDate,
} from "./portfolio.ts";
import { seedDemoWorkflows } from "./workflows.ts";

export interface DemoOptions {
  /** The last simulated day; the demo's history ends here (default: today). */
  readonly endDate: string;
  /** Volume multiplier for the simulator (1 = a realistic pod). */
  readonly scale?: number;
  readonly onProgress?: (
    sourceId: string,
    progress: Parameters<NonNullable<SyncOptions["onProgress"]>>[0],
  ) => void;
}

export interface DemoResult {
  readonly engagements: readonly string[];
  readonly runs: readonly RunSummary[];
  readonly logins: readonly { readonly email: string; readonly role: string; readonly customer?: string }[];
  readonly password: string;
}

const HOLIDAYS_BY_ZONE: Readonly<Record<string, readonly string[]>> = {
  "Europe/Berlin": ["12-25", "12-26", "01-01", "05-01", "10-03"],
  "Europe/Lisbon": ["12-25", "01-01", "04-25", "06-10"],
  "Europe/Warsaw": ["12-25", "12-26", "01-01", "05-03", "11-11"],
  "America/New_York": ["12-25", "01-01", "07-04", "11-26"],
  "Asia/Kolkata": ["01-26", "08-15", "10-02"],
};

/** Public holidays in a zone's country from `from` through the year after `to`: calendars look ahead. */
const holidaysFor = (timeZone: string, from: string, to: string): string[] => {
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)) + 1; y++) years.push(y);
  return years
    .flatMap((y) => (HOLIDAYS_BY_ZONE[timeZone] ?? []).map((md) => `${y}-${md}`))
    .filter((d) => d >= from);
};

const seedEngagement = async (
  store: Store,
  spec: DemoEngagement,
  startDate: string,
  endDate: string,
  scale: number,
) => {
  await saveCustomer(store.db, spec.customer);
  await saveEngagement(store.db, {
    id: spec.id,
    customerId: spec.customer.id,
    name: spec.name,
    status: "active",
    sprintLengthDays: spec.sprintLengthDays,
    reportDay: spec.reportDay,
    reviewSla: { firstReviewHours: spec.reviewSlaHours },
    timeZone: spec.timeZone,
    startDate,
  });
  const calendar = (timeZone: string) => ({
    timeZone,
    workingDays: [1, 2, 3, 4, 5] as const,
    workStart: "09:00",
    workEnd: "17:30",
    holidays: holidaysFor(timeZone, startDate, endDate),
  });
  for (const lead of spec.leads) {
    const personId = slugify(lead.name);
    await savePerson(store.db, {
      id: personId,
      name: lead.name,
      email: `${personId}@vendor.demo`,
      calendar: calendar(spec.timeZone),
    });
    await saveAssignment(store.db, {
      id: `${spec.id}:${lead.role}:${personId}:${startDate}`,
      engagementId: spec.id,
      personId,
      role: lead.role,
      from: startDate,
      to: null,
    });
  }
  for (const m of spec.pod) {
    const personId = slugify(m.name);
    await savePerson(store.db, {
      id: personId,
      name: m.name,
      email: `${personId}@vendor.demo`,
      calendar: calendar(m.timeZone),
    });
    await saveMembership(store.db, {
      id: `${spec.id}:${personId}:${startDate}`,
      engagementId: spec.id,
      personId,
      role: m.role,
      allocationPct: m.allocationPct,
      from: startDate,
      to: null,
    });
  }
  // The simulator's accounts are the people's logins; map them so review load lands on people.
  await saveIdentities(
    store.db,
    spec.pod.map((m) => ({ source: SIMULATOR_KIND, externalId: slugify(m.name), personId: slugify(m.name) })),
  );
  const config = simulatorConfig({
    seed: spec.seed,
    scenario: spec.scenario,
    onsetDate: addDays(startDate, spec.onsetWeek * 7),
    startDate,
    endDate,
    people: spec.pod.map((m) => ({
      personId: slugify(m.name),
      login: slugify(m.name),
      name: m.name,
      role: m.role,
    })),
    keyPrefix: spec.keyPrefix,
    sprintLengthDays: spec.sprintLengthDays,
    scale,
    timeZone: spec.timeZone,
    repo: `${spec.customer.id}/${spec.id}`,
  });
  const source = simulatorSource({
    id: `${spec.id}-sim`,
    engagementId: spec.id,
    config,
    createdAt: `${startDate}T00:00:00.000Z`,
  });
  await saveSource(store.db, source);
  return source.id;
};

/**
 * Seeds the demo portfolio: customers, engagements, pods with calendars, DMs, one login per role,
 * and a simulated history for each engagement, written through the real ingestion pipeline.
 * Running it again refreshes the same records (every id is deterministic).
 */
export const seedDemo = async (store: Store, options: DemoOptions, now: Date): Promise<DemoResult> => {
  const endDate = options.endDate;
  const startDate = demoStartDate(endDate);
  const sourceIds: string[] = [];
  for (const spec of DEMO_ENGAGEMENTS) {
    sourceIds.push(await seedEngagement(store, spec, startDate, endDate, options.scale ?? 1));
  }
  for (const login of DEMO_LOGINS) {
    await createUser(
      store,
      {
        email: login.email,
        name: login.name,
        role: login.role,
        password: DEMO_PASSWORD,
        ...(login.customer ? { customer: login.customer } : {}),
        ...(login.person ? { person: login.person } : {}),
      },
      now,
    );
  }
  const runs: RunSummary[] = [];
  for (const sourceId of sourceIds) {
    const run = await runSync(store, connectorFor, sourceId, {
      now: () => now,
      onProgress: (p) => options.onProgress?.(sourceId, p),
    });
    await afterIngest(store, sourceId, run, now);
    runs.push(run);
  }
  await seedDemoWorkflows(store, endDate);
  return {
    engagements: DEMO_ENGAGEMENTS.map((e) => e.id),
    runs,
    logins: DEMO_LOGINS.map((l) => ({
      email: l.email,
      role: l.role,
      ...(l.customer ? { customer: l.customer } : {}),
    })),
    password: DEMO_PASSWORD,
  };
};
