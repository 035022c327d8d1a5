import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sharedData } from "../../testing/shared-data.ts";
import { DERIVED_SPRINT_PARAMS } from "./params.ts";
import { deriveSprintParams, parseSprintCsv } from "./sprint-dataset.ts";

const { path: dataDir, present: hasData } = sharedData("sprints-choetkiertikul-2017", "simulator params");

describe.skipIf(!hasData)("simulator distributions", () => {
  it("match what scripts/derive-sim-params.ts derives from the real sprint dataset", () => {
    const files = readdirSync(dataDir)
      .filter((f) => f.endsWith("_iteration_80.csv"))
      .sort();
    const derived = deriveSprintParams(
      files.map((f) => parseSprintCsv(readFileSync(path.join(dataDir, f), "latin1"))),
    );
    expect(derived).toEqual(DERIVED_SPRINT_PARAMS);
  });
});

describe("sprint dataset parsing", () => {
  it("rebuilds sprint names that hold unquoted commas and counts rows it cannot read", () => {
    const header =
      "boardid,sprintid,name,vel_diff,planday,no_issue_starttime,vel_starttime,no_issue_added,vel_added,no_issue_removed,vel_removed,no_issuetodo,vel_todo,no_issueinprogress,vel_inprogress,no_issuedone,vel_done,no_admin,no_teammember";
    const text = [
      header,
      "221,1621,Rel 5.0.0.Alpha2, 4.5.0.Alpha2,0,3,1,1,0,0,0,0,1,1,0,0,0,0,1,1",
      "1,8,Sprint 1,0,9,5,8,3,3,1,1,2,2,1,1,4,7,3,1",
      "1,9,broken row,x,y",
      "",
    ].join("\n");
    const parsed = parseSprintCsv(text);
    expect(parsed.skipped).toBe(1);
    expect(parsed.sprints.map((s) => s.name)).toEqual(["Rel 5.0.0.Alpha2, 4.5.0.Alpha2", "Sprint 1"]);
    expect(parsed.sprints[1]).toMatchObject({
      issuesAtStart: 5,
      issuesAdded: 3,
      issuesRemoved: 1,
      issuesDone: 4,
      pointsDone: 7,
    });
  });
});
