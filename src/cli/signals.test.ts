import { describe, expect, it } from "vitest";
import { demoPortfolio, runCli } from "../testing/cli.ts";

const END = "2026-06-30";

interface SignalJson {
  id: string;
  pattern: string;
  state: string;
  key: string;
  itemKeys: string[];
}

describe("signals commands on the demo portfolio", () => {
  const { context, json } = demoPortfolio(END);

  it("backtest shows the demo pod's scope drift firing after it began, with the milestone slip that followed", async () => {
    const result = (await json("signals", "backtest", "--engagement", "acme-mobile", "--as-of", END)) as {
      signals: { pattern: string; firstFiredAt: string }[];
    };
    const first = (pattern: string) => result.signals.find((s) => s.pattern === pattern)?.firstFiredAt ?? "";
    // The demo's Acme Mobile pod starts drifting in week 16 (2026-04-20).
    expect(first("scope_drift") >= "2026-04-20").toBe(true);
    expect(first("scope_drift") < "2026-05-15").toBe(true);
    expect(first("milestone_slip") > first("scope_drift")).toBe(true);
    const text = await runCli(
      context.db,
      "signals",
      "backtest",
      "--engagement",
      "acme-mobile",
      "--as-of",
      END,
    );
    expect(text.stdout).toMatch(/FIRST FIRED\s+PATTERN/);
    expect(text.stdout).toContain("scope_drift");
  });

  it("as of a past moment lists what the detectors found then, with evidence, without recording it", async () => {
    const r = (await json("signals", "--engagement", "acme-mobile", "--as-of", "2026-05-01")) as {
      recorded: boolean;
      signals: SignalJson[];
    };
    expect(r.recorded).toBe(false);
    const drift = r.signals.find((s) => s.pattern === "scope_drift");
    expect(drift?.itemKeys.every((k) => k.startsWith("ACME-"))).toBe(true);
    const text = await runCli(
      context.db,
      "signals",
      "--engagement",
      "acme-mobile",
      "--as-of",
      "2026-05-01",
      "--explain",
    );
    expect(text.stdout).toContain("(replayed, not recorded)");
    expect(text.stdout).toContain("Suggested (L2)");
    expect(text.stdout).toContain("Thresholds:");
  });

  it("dismiss needs a reason, keeps the signal out of the open list, and unknown ids say so", async () => {
    // Globex Data's DM also runs Umbrella ML: a DM-load violation, whatever the date.
    const r = (await json("signals", "--engagement", "globex-data")) as { signals: SignalJson[] };
    const target = r.signals.find((s) => s.pattern === "dm_load");
    expect(target?.state).toBe("open");
    const missing = await runCli(context.db, "signals", "dismiss", target!.id);
    expect(missing.exitCode).toBe(2);
    const dismissed = await runCli(
      context.db,
      "signals",
      "dismiss",
      target!.id,
      "--reason",
      "second pod ends in May",
    );
    expect(dismissed.stdout).toContain(`Dismissed ${target!.id}`);
    const open = (await json("signals", "--engagement", "globex-data")) as { signals: SignalJson[] };
    expect(open.signals.map((s) => s.id)).not.toContain(target!.id);
    const shown = await runCli(context.db, "signals", "show", target!.id);
    expect(shown.stdout).toContain("History:");
    expect(shown.stdout).toContain("second pod ends in May");
    const unknown = await runCli(context.db, "signals", "ack", "sig-00000000");
    expect(unknown.exitCode).toBe(3);
    expect(unknown.stderr).toContain('signal "sig-00000000" not found');
  });
});
