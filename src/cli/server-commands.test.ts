import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadServerConfig } from "../server/config.ts";
import { openStore } from "../store/store.ts";
import { runCli, tempDbPath } from "../testing/cli.ts";

describe("baton user token", () => {
  it("creates a token shown once, lists it without the secret, and revokes it", async () => {
    const db = tempDbPath();
    process.env.BATON_PASSWORD = "long-enough-pass";
    expect(
      (await runCli(db, "user", "create", "--admin", "--email", "root@baton.test", "--name", "Root"))
        .exitCode,
    ).toBe(0);
    const created = await runCli(
      db,
      "--json",
      "user",
      "token",
      "create",
      "--email",
      "root@baton.test",
      "--name",
      "CI export",
      "--scope",
      "write",
    );
    expect(created.exitCode).toBe(0);
    const { id, token } = JSON.parse(created.stdout) as { id: string; token: string };
    expect(token).toMatch(/^baton_pat_[A-Za-z0-9_-]{43}$/);
    const listed = await runCli(db, "user", "token", "list", "--email", "root@baton.test");
    expect(listed.stdout).toContain("CI export");
    expect(listed.stdout).toContain("write");
    expect(listed.stdout).not.toContain(token);
    expect((await runCli(db, "user", "token", "revoke", id, "--email", "root@baton.test")).stdout).toContain(
      "is revoked",
    );
    expect(
      (await runCli(db, "user", "token", "revoke", "tok_nope", "--email", "root@baton.test")).exitCode,
    ).toBe(3);
    const audit = await openStore(db);
    expect(
      (await audit.db.selectFrom("auditLog").select(["action", "via"]).orderBy("id").execute()).map(
        (r) => `${r.action} ${r.via}`,
      ),
    ).toEqual(["user.create cli", "token.create cli", "token.revoke cli"]);
    await audit.close();
  });

  it("invites a customer's person with a link shown once", async () => {
    const db = tempDbPath();
    process.env.BATON_PASSWORD = "long-enough-pass";
    await runCli(db, "engagement", "create", "--name", "Acme Mobile", "--customer", "Acme");
    await runCli(db, "user", "create", "--role", "director", "--email", "dir@baton.test", "--name", "Dir");
    const invited = await runCli(
      db,
      "user",
      "invite",
      "--email",
      "cio@acme.test",
      "--customer",
      "acme",
      "--by",
      "dir@baton.test",
      "--url",
      "https://baton.example.com",
    );
    expect(invited.exitCode).toBe(0);
    expect(invited.stdout).toMatch(/https:\/\/baton\.example\.com\/invite\/baton_inv_\S+/);
    const unknown = await runCli(
      db,
      "user",
      "invite",
      "--email",
      "x@y.test",
      "--customer",
      "nobody",
      "--by",
      "dir@baton.test",
    );
    expect(unknown.stderr).toContain('customer "nobody" not found');
  });
});

describe("baton backup", () => {
  it("copies the SQLite database while it is open, and points PostgreSQL users to pg_dump", async () => {
    const db = tempDbPath();
    await runCli(db, "engagement", "create", "--name", "Acme Mobile", "--customer", "Acme");
    const open = await openStore(db);
    const copy = join(dirname(db), "backups", "copy.db");
    const result = await runCli(db, "backup", copy);
    expect(result.exitCode).toBe(0);
    expect(existsSync(copy)).toBe(true);
    await open.close();
    const restored = await openStore(copy);
    expect((await restored.db.selectFrom("engagements").select("id").execute()).map((r) => r.id)).toEqual([
      "acme-mobile",
    ]);
    await restored.close();
    const pg = await runCli("postgres://u@localhost/baton", "backup", copy);
    expect(pg.exitCode).toBe(2);
    expect(pg.stderr).toContain("pg_dump");
  });
});

describe("the server configuration", () => {
  it("takes defaults, a file, then BATON_* variables, then flags", () => {
    const file = join(dirname(tempDbPath()), "baton.json");
    writeFileSync(file, JSON.stringify({ port: 5000, syncIntervalSeconds: 60, logLevel: "debug" }));
    const config = loadServerConfig({
      env: { BATON_PORT: "6000", BATON_JOB_RETRIES: "5" },
      file,
      overrides: { host: "0.0.0.0" },
    });
    expect(config).toMatchObject({
      host: "0.0.0.0",
      port: 6000,
      syncIntervalSeconds: 60,
      jobRetries: 5,
      logLevel: "debug",
      secureCookies: "auto",
    });
  });

  it("names the bad key and where it came from", () => {
    expect(() => loadServerConfig({ env: { BATON_PORT: "eighty" } })).toThrow(
      /BATON_PORT: .*\(got "eighty"\)/,
    );
    const file = join(dirname(tempDbPath()), "baton.json");
    writeFileSync(file, JSON.stringify({ prot: 80, secureCookies: "sometimes" }));
    expect(() => loadServerConfig({ env: {}, file })).toThrow(
      /baton\.json: prot: is not a configuration key/,
    );
    expect(() => loadServerConfig({ env: {}, file })).toThrow(/baton\.json: secureCookies: .*"sometimes"/);
    writeFileSync(file, "{ port: 80 ");
    expect(() => loadServerConfig({ env: {}, file })).toThrow(/could not be read as JSON/);
  });

  it("refuses to serve with a bad configuration, naming the key", async () => {
    process.env.BATON_SESSION_HOURS = "0";
    try {
      const result = await runCli(tempDbPath(), "serve");
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain("BATON_SESSION_HOURS");
    } finally {
      delete process.env.BATON_SESSION_HOURS;
    }
  });
});
