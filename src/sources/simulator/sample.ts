import {
  type SimPerson,
  type SimulatorConfig,
  type SimulatorConfigInput,
  simulatorConfig,
} from "./config.ts";

/** A typical pod: a tech lead, four specialists and a QA engineer. */
export const SAMPLE_PEOPLE: readonly SimPerson[] = [
  { personId: "ana-lima", login: "ana-lima", name: "Ana Lima", role: "tech_lead" },
  { personId: "ben-okafor", login: "ben-okafor", name: "Ben Okafor", role: "specialist" },
  { personId: "chen-wei", login: "chen-wei", name: "Chen Wei", role: "specialist" },
  { personId: "dara-novak", login: "dara-novak", name: "Dara Novak", role: "specialist" },
  { personId: "eli-haddad", login: "eli-haddad", name: "Eli Haddad", role: "specialist" },
  { personId: "fia-berg", login: "fia-berg", name: "Fia Berg", role: "qa" },
];

/** A config for the sample pod over roughly eight months, with any key overridden. */
export const sampleConfig = (overrides: Partial<SimulatorConfigInput> = {}): SimulatorConfig =>
  simulatorConfig({
    seed: 7,
    startDate: "2026-01-05",
    endDate: "2026-08-28",
    onsetDate: "2026-04-27",
    people: SAMPLE_PEOPLE,
    keyPrefix: "ACME",
    ...overrides,
  });
