/** The simulator source: seeded, deterministic delivery history for demos, tests and benchmarks. */

export {
  parseSimulatorConfig,
  SCENARIOS,
  type Scenario,
  type SimPerson,
  type SimulatorConfig,
  type SimulatorConfigInput,
  simulatorConfig,
} from "./config.ts";
export { simulatorConnector, simulatorSource } from "./connector.ts";
export { SIMULATOR_KIND, simIds } from "./ids.ts";
export { SAMPLE_PEOPLE, sampleConfig } from "./sample.ts";
export type { ScenarioGroundTruth } from "./scenario.ts";
export {
  countSimulated,
  type SimulatedEngagement,
  scenarioGroundTruth,
  simulateEngagement,
} from "./simulate.ts";
