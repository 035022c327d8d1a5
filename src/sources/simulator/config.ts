import { z } from "zod";
import { parseCalendarDate } from "../../domain/time.ts";
import type { CalendarDate, PodRole } from "../../domain/types.ts";
import { isTimeZone } from "../../domain/zone.ts";
import { BatonError } from "../../errors.ts";

/** Delivery problems the simulator can inject, each from a known onset date. */
export const SCENARIOS = [
  "healthy",
  "scope_drift",
  "review_bottleneck",
  "carryover_creep",
  "silent_blocker",
  "overcommitment",
  "milestone_slip",
  "hero_dependency",
] as const;

export type Scenario = (typeof SCENARIOS)[number];

/** A pod member as the simulator sees them; `login` is their account in every simulated stream. */
export interface SimPerson {
  readonly personId: string;
  readonly login: string;
  readonly name: string;
  readonly role: PodRole;
}

/**
 * Everything a simulated engagement is generated from. The same config always yields the same
 * history, byte for byte.
 */
export interface SimulatorConfig {
  /** Seed of the pseudo-random generator (an unsigned 32-bit integer). */
  readonly seed: number;
  readonly scenario: Scenario;
  /** From this date on the scenario's problem shows; before it the pod behaves healthily. */
  readonly onsetDate: CalendarDate;
  /** First sprint starts on this date. */
  readonly startDate: CalendarDate;
  /** The simulated "now": nothing happens after the end of this day (UTC). */
  readonly endDate: CalendarDate;
  readonly people: readonly SimPerson[];
  /** Work-item key prefix, e.g. `ACME` for `ACME-123`. */
  readonly keyPrefix: string;
  readonly sprintLengthDays: number;
  /** Volume multiplier: a scale of 10 gives about ten times the items, pull requests and events. */
  readonly scale: number;
  /** The pod's IANA time zone: working hours (Mon–Fri 09:00–17:00) are counted in it. */
  readonly timeZone: string;
  /** Repository the pull requests belong to, `owner/name`. */
  readonly repo: string;
}

const calendarDate = z.string().refine((v) => parseCalendarDate(v) !== null, "must be a date YYYY-MM-DD");

const personSchema = z.strictObject({
  personId: z.string().min(1),
  login: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be a login without spaces"),
  name: z.string().min(1),
  role: z.enum(["specialist", "tech_lead", "qa", "designer"]),
});

/** Schema of a stored simulator source config; optional keys get the defaults shown. */
export const simulatorConfigSchema = z
  .strictObject({
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    scenario: z.enum(SCENARIOS),
    onsetDate: calendarDate,
    startDate: calendarDate,
    endDate: calendarDate,
    people: z.array(personSchema).min(2).max(30),
    keyPrefix: z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, "must be 1–10 capital letters or digits"),
    sprintLengthDays: z.number().int().min(5).max(28).default(14),
    scale: z.number().min(0.1).max(1000).default(1),
    timeZone: z.string().refine(isTimeZone, "must be an IANA time zone").default("UTC"),
    repo: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name")
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (c.endDate <= c.startDate) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "must be after startDate" });
    }
    if (c.onsetDate < c.startDate || c.onsetDate > c.endDate) {
      ctx.addIssue({
        code: "custom",
        path: ["onsetDate"],
        message: "must lie between startDate and endDate",
      });
    }
    const authors = c.people.filter((p) => p.role === "specialist" || p.role === "tech_lead");
    if (authors.length < 2) {
      ctx.addIssue({
        code: "custom",
        path: ["people"],
        message: "needs at least two specialists or tech leads",
      });
    }
    const logins = new Set<string>();
    c.people.forEach((p, i) => {
      if (logins.has(p.login)) {
        ctx.addIssue({
          code: "custom",
          path: ["people", i, "login"],
          message: `duplicate login "${p.login}"`,
        });
      }
      logins.add(p.login);
    });
  });

/**
 * Parses a stored config, filling defaults. Throws a `config_invalid` BatonError whose message
 * names the first bad key, e.g. `simulator config: people.0.login must be a login without spaces`.
 */
export const parseSimulatorConfig = (config: unknown): SimulatorConfig => {
  const result = simulatorConfigSchema.safeParse(config);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const key = issue.path.map(String).join(".") || "(config)";
      return `${key} ${issue.message}`;
    });
    throw new BatonError("config_invalid", `simulator config: ${issues.join("; ")}`, { issues });
  }
  const c = result.data;
  return { ...c, repo: c.repo ?? `${c.keyPrefix.toLowerCase()}/app` };
};

/** Input of {@link simulatorConfig}: the required keys, and any defaults to override. */
export interface SimulatorConfigInput {
  readonly seed: number;
  readonly scenario?: Scenario;
  readonly onsetDate?: CalendarDate;
  readonly startDate: CalendarDate;
  readonly endDate: CalendarDate;
  readonly people: readonly SimPerson[];
  readonly keyPrefix: string;
  readonly sprintLengthDays?: number;
  readonly scale?: number;
  readonly timeZone?: string;
  readonly repo?: string;
}

const midpoint = (from: CalendarDate, to: CalendarDate): CalendarDate => {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor((b - a) / 86_400_000 / 2) * 86_400_000).toISOString().slice(0, 10);
};

/**
 * Builds a complete, validated simulator config, ready to store as a source's config. The
 * scenario defaults to `healthy` and the onset to the middle of the simulated period.
 */
export const simulatorConfig = (input: SimulatorConfigInput): SimulatorConfig =>
  parseSimulatorConfig({
    ...input,
    scenario: input.scenario ?? "healthy",
    onsetDate: input.onsetDate ?? midpoint(input.startDate, input.endDate),
    people: input.people.map((p) => ({ ...p })),
  });
