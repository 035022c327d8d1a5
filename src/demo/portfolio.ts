import { addDays } from "../domain/time.ts";
import type { DmRole, Engagement, PodRole, Weekday } from "../domain/types.ts";
import type { Scenario } from "../sources/simulator/index.ts";

/**
 * The demo portfolio: five customers, six engagements, each pod simulated with its own delivery
 * story. It is built to show what Baton notices, so it deliberately contains DM-load violations
 * (an overloaded DM, a pod of nine without support) and one injected problem per engagement.
 */
export interface DemoMember {
  readonly name: string;
  readonly role: PodRole;
  readonly allocationPct: number;
  readonly timeZone: string;
  readonly workingDays?: readonly Weekday[];
  readonly holidays?: readonly string[];
}

export interface DemoEngagement {
  readonly id: string;
  readonly name: string;
  readonly customer: { readonly id: string; readonly name: string };
  readonly keyPrefix: string;
  readonly timeZone: string;
  readonly sprintLengthDays: number;
  readonly reportDay: Engagement["reportDay"];
  readonly reviewSlaHours: number;
  readonly scenario: Scenario;
  /** Weeks after the start when the scenario's problem begins. */
  readonly onsetWeek: number;
  readonly seed: number;
  readonly leads: readonly { readonly name: string; readonly role: DmRole }[];
  readonly pod: readonly DemoMember[];
}

const berlin = "Europe/Berlin";
const lisbon = "Europe/Lisbon";
const newYork = "America/New_York";
const kolkata = "Asia/Kolkata";
const warsaw = "Europe/Warsaw";

const member = (
  name: string,
  timeZone: string,
  role: PodRole = "specialist",
  allocationPct = 100,
): DemoMember => ({
  name,
  role,
  allocationPct,
  timeZone,
});

export const DEMO_ENGAGEMENTS: readonly DemoEngagement[] = [
  {
    id: "acme-mobile",
    name: "Acme Mobile App",
    customer: { id: "acme", name: "Acme Corp" },
    keyPrefix: "ACME",
    timeZone: berlin,
    sprintLengthDays: 14,
    reportDay: "fri",
    reviewSlaHours: 8,
    scenario: "scope_drift",
    onsetWeek: 16,
    seed: 101,
    leads: [{ name: "Dana Whitfield", role: "dm" }],
    pod: [
      member("Ana Lima", lisbon, "tech_lead"),
      member("Ben Okafor", berlin),
      member("Chen Wei", berlin),
      member("Dara Novak", warsaw),
      member("Eli Haddad", berlin),
      member("Fia Berg", berlin, "qa", 50),
    ],
  },
  {
    id: "acme-payments",
    name: "Acme Payments Platform",
    customer: { id: "acme", name: "Acme Corp" },
    keyPrefix: "PAY",
    timeZone: berlin,
    sprintLengthDays: 14,
    reportDay: "thu",
    reviewSlaHours: 8,
    scenario: "hero_dependency",
    onsetWeek: 14,
    seed: 202,
    leads: [{ name: "Priya Raman", role: "dm" }],
    pod: [
      member("Goran Petrov", warsaw, "tech_lead"),
      member("Hana Sato", berlin),
      member("Ivan Costa", lisbon),
      member("Jade Moreau", berlin, "specialist", 60),
    ],
  },
  {
    id: "globex-data",
    name: "Globex Data Platform",
    customer: { id: "globex", name: "Globex Corporation" },
    keyPrefix: "GLX",
    timeZone: newYork,
    sprintLengthDays: 14,
    reportDay: "fri",
    reviewSlaHours: 8,
    scenario: "review_bottleneck",
    onsetWeek: 15,
    seed: 303,
    leads: [{ name: "Omar Farouk", role: "dm" }],
    pod: [
      member("Kara Jensen", newYork, "tech_lead"),
      member("Luis Ortega", newYork),
      member("Maya Singh", kolkata),
      member("Nils Ek", berlin),
      member("Olu Adeyemi", newYork),
    ],
  },
  {
    id: "umbrella-ml",
    name: "Umbrella ML Ops",
    customer: { id: "umbrella", name: "Umbrella Health" },
    keyPrefix: "UMB",
    timeZone: lisbon,
    sprintLengthDays: 14,
    reportDay: "mon",
    reviewSlaHours: 16,
    scenario: "carryover_creep",
    onsetWeek: 12,
    seed: 404,
    // Omar also runs Globex's full pod: the demo's overloaded DM.
    leads: [{ name: "Omar Farouk", role: "dm" }],
    pod: [
      member("Pia Lund", lisbon, "tech_lead"),
      member("Quinn Reyes", lisbon),
      member("Rui Alves", lisbon, "specialist", 50),
    ],
  },
  {
    id: "initech-portal",
    name: "Initech Customer Portal",
    customer: { id: "initech", name: "Initech" },
    keyPrefix: "INI",
    timeZone: newYork,
    sprintLengthDays: 14,
    reportDay: "fri",
    reviewSlaHours: 8,
    scenario: "milestone_slip",
    onsetWeek: 14,
    seed: 505,
    // Nine specialists and no sub-DM or engagement architect: a DM-load violation.
    leads: [{ name: "Sam Carter", role: "dm" }],
    pod: [
      member("Tara Quinn", newYork, "tech_lead"),
      member("Uma Patel", kolkata),
      member("Vik Rao", kolkata),
      member("Wen Li", newYork),
      member("Xavi Puig", berlin),
      member("Yara Haddad", berlin),
      member("Zoe Brooks", newYork),
      member("Abel Mensah", lisbon),
      member("Bea Kowalski", warsaw, "qa"),
    ],
  },
  {
    id: "hooli-search",
    name: "Hooli Search Relaunch",
    customer: { id: "hooli", name: "Hooli" },
    keyPrefix: "HOO",
    timeZone: berlin,
    sprintLengthDays: 14,
    reportDay: "fri",
    reviewSlaHours: 8,
    scenario: "healthy",
    onsetWeek: 12,
    seed: 606,
    leads: [
      { name: "Lena Vogt", role: "dm" },
      { name: "Marco Bianchi", role: "engagement_architect" },
    ],
    pod: [
      member("Cleo Martin", berlin, "tech_lead"),
      member("Dev Malhotra", kolkata),
      member("Emil Larsen", berlin),
      member("Farah Aziz", berlin),
      member("Gus Hoffmann", berlin, "designer", 50),
    ],
  },
];

/** The demo's history spans 26 weeks (13 two-week sprints) ending on `endDate`. */
export const DEMO_WEEKS = 26;

export const demoStartDate = (endDate: string): string => {
  // Sprints start on Mondays: go back 26 weeks, then to that week's Monday.
  const start = addDays(endDate, -DEMO_WEEKS * 7);
  const weekday = new Date(`${start}T00:00:00Z`).getUTCDay();
  return addDays(start, -((weekday + 6) % 7));
};

/** One login per role, plus one per demo customer; every demo password is the same. */
export const DEMO_PASSWORD = "baton-demo";

export interface DemoLogin {
  readonly email: string;
  readonly name: string;
  readonly role: "admin" | "director" | "dm" | "specialist" | "customer";
  readonly customer?: string;
  readonly person?: string;
}

export const DEMO_LOGINS: readonly DemoLogin[] = [
  { email: "admin@baton.demo", name: "Baton Admin", role: "admin" },
  { email: "director@baton.demo", name: "Rosa Director", role: "director" },
  { email: "dm@baton.demo", name: "Dana Whitfield", role: "dm", person: "dana-whitfield" },
  { email: "specialist@baton.demo", name: "Ben Okafor", role: "specialist", person: "ben-okafor" },
  ...[
    ["acme", "Acme Corp"],
    ["globex", "Globex Corporation"],
    ["umbrella", "Umbrella Health"],
    ["initech", "Initech"],
    ["hooli", "Hooli"],
  ].map(([id, name]) => ({
    email: `${id}@customer.demo`,
    name: `${name} leadership`,
    role: "customer" as const,
    customer: id,
  })),
];
