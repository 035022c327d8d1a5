/**
 * Prints the simulator's distributions derived from the public sprint dataset in
 * `../shared/data/sprints-choetkiertikul-2017`. Copy the output into
 * `src/sources/simulator/params.ts`; its test recomputes them and fails when they drift.
 *
 * Usage: node --import tsx scripts/derive-sim-params.ts [dataDir]
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deriveSprintParams, parseSprintCsv } from "../src/sources/simulator/sprint-dataset.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = process.argv[2] ?? path.resolve(repoRoot, "../shared/data/sprints-choetkiertikul-2017");
const files = readdirSync(dataDir)
  .filter((f) => f.endsWith("_iteration_80.csv"))
  .sort();
const params = deriveSprintParams(
  files.map((f) => parseSprintCsv(readFileSync(path.join(dataDir, f), "latin1"))),
);
console.log(`files: ${files.join(", ")}`);
console.log(JSON.stringify(params, null, 2));
