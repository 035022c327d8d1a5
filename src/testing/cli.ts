import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect } from "vitest";
import { main } from "../cli/main.ts";

/** What one CLI invocation printed and how it exited. */
export interface CliRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** A fresh SQLite file path in a new temporary folder. */
export const tempDbPath = (): string => join(mkdtempSync(join(tmpdir(), "baton-test-")), "baton.db");

/**
 * Runs `baton …args` in this process against `db`, capturing its output and exit code exactly
 * as a shell would see them.
 */
export const runCli = async (db: string, ...args: string[]): Promise<CliRun> => {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  const previous = process.exitCode;
  process.exitCode = 0;
  try {
    await main(["node", "baton", "--db", db, ...args]);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = previous;
  return { stdout, stderr, exitCode };
};

/**
 * A demo portfolio seeded once for a test file (in `beforeAll`), and a helper that runs a command
 * with `--json` against it, expecting success and no stderr, and returns the parsed output.
 */
export const demoPortfolio = (endDate: string, timeoutMs = 120_000) => {
  const context = { db: "" };
  beforeAll(async () => {
    context.db = tempDbPath();
    const seeded = await runCli(context.db, "demo", "--end-date", endDate);
    expect(seeded.exitCode).toBe(0);
  }, timeoutMs);
  const json = async (...args: string[]) => {
    const run = await runCli(context.db, "--json", ...args);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    return JSON.parse(run.stdout);
  };
  return { context, json };
};
