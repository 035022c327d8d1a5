import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, tempDbPath } from "../testing/cli.ts";

const BIN = resolve(import.meta.dirname, "../../bin/baton.js");
/** Signs in like a browser would and returns the session cookie to send back. */
const session = async (url: string, email: string) => {
  const res = await fetch(`${url}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "baton-demo" }),
  });
  return { cookie: (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "" };
};

interface Listing {
  engagements: { id: string; dmLoadViolations: string[] }[];
}

describe("the quick start", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill("SIGKILL");
  });

  it("`baton start` on a fresh folder seeds the demo, serves it, prints the URL and logins, and stops cleanly", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "baton-start-"));
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.BATON_DB;
    const proc = spawn(process.execPath, [BIN, "start", "--port", "0"], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let stderr = "";
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${stderr}`)), 60_000);
      proc.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /Baton is running at (http:\/\/\S+)/.exec(stderr);
        if (match?.[1]) {
          clearTimeout(timer);
          resolveUrl(match[1]);
        }
      });
      proc.on("exit", (code) => reject(new Error(`exited with ${code}:\n${stderr}`)));
    });
    expect(stderr).toContain("director@baton.demo");
    expect(stderr).toContain("password for all: baton-demo");
    expect(stderr).toContain(join(cwd, ".baton/baton.db").replace(`${cwd}/`, ""));

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const director = (await (
      await fetch(`${url}/api/v1/engagements`, { headers: await session(url, "director@baton.demo") })
    ).json()) as Listing;
    expect(director.engagements).toHaveLength(6);
    const customer = (await (
      await fetch(`${url}/api/v1/engagements`, { headers: await session(url, "acme@customer.demo") })
    ).json()) as Listing;
    expect(customer.engagements.map((e) => e.id)).toEqual(["acme-mobile", "acme-payments"]);
    // The web app was built if it was missing, and the DM's portfolio is behind it.
    const dm = await session(url, "dm@baton.demo");
    const page = await fetch(url, { headers: dm });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(
      /<script type="module" crossorigin src="\/assets\/[\s\S]*<div id="root"><\/div>/,
    );
    const portfolio = JSON.stringify(await (await fetch(`${url}/api/v1/portfolio`, { headers: dm })).json());
    expect(portfolio).toContain("Acme Mobile App");

    const exitCode = await new Promise<number | null>((done) => {
      proc.removeAllListeners("exit");
      proc.on("exit", (code) => done(code));
      proc.kill("SIGTERM");
    });
    expect(exitCode).toBe(0);
  }, 90_000);
});

describe("baton demo", () => {
  it("seeds a portfolio whose DM-load violations are flagged", async () => {
    const db = tempDbPath();
    const seeded = await runCli(db, "demo", "--end-date", "2026-06-30");
    expect(seeded.exitCode).toBe(0);
    expect(seeded.stdout).toContain("Seeded 6 engagements");
    expect(
      seeded.stdout.match(/-sim: succeeded — \d+ records read, \d+ converted, 0 skipped, 0 failed/g),
    ).toHaveLength(6);
    const list = JSON.parse((await runCli(db, "--json", "dm", "list", "--date", "2026-06-30")).stdout);
    expect(list.violations.map((v: { kind: string }) => v.kind).sort()).toEqual([
      "dm_overloaded",
      "pod_needs_support",
    ]);
    expect(list.violations.find((v: { kind: string }) => v.kind === "dm_overloaded").message).toContain(
      "Omar Farouk",
    );

    const shown = JSON.parse(
      (await runCli(db, "--json", "engagement", "show", "acme-mobile", "--date", "2026-06-30")).stdout,
    );
    expect(shown.data.workItems).toBeGreaterThan(100);
    expect(shown.data.pullRequests).toBeGreaterThan(50);
    expect(shown.data.events).toBeGreaterThan(1000);

    // Seeding again refreshes the same records instead of duplicating them.
    await runCli(db, "demo", "--end-date", "2026-06-30");
    const again = JSON.parse(
      (await runCli(db, "--json", "engagement", "show", "acme-mobile", "--date", "2026-06-30")).stdout,
    );
    expect(again.data).toEqual(shown.data);
  }, 60_000);
});
