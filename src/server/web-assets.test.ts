import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "../store/store.ts";
import { createApp } from "./app.ts";
import { memoryLogger } from "./log.ts";

const builtApp = () => {
  const root = mkdtempSync(join(tmpdir(), "baton-web-root-"));
  mkdirSync(join(root, "assets"));
  writeFileSync(join(root, "index.html"), "<!doctype html><div id=root></div>");
  writeFileSync(join(root, "assets", "app-1a2b.js"), "console.log(1)");
  return root;
};

describe("serving the web app", async () => {
  const store = await openStore(":memory:");
  const logger = memoryLogger();

  it("answers the app's routes with index.html and serves hashed assets for a year", async () => {
    const app = createApp(store, { webRoot: builtApp(), logger });
    for (const path of ["/", "/engagements/acme-mobile", "/engagements/acme-mobile/reports?report=x"]) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("<div id=root>");
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    }
    const asset = await app.request("/assets/app-1a2b.js");
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await app.request("/assets/missing.js")).status).toBe(404);
  });

  it("leaves the API, sign-in, health and traversal attempts to the server", async () => {
    const app = createApp(store, { webRoot: builtApp(), logger });
    const api = await app.request("/api/v1/nothing-here");
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: "not_found" } });
    expect(await (await app.request("/login")).text()).toContain("password");
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
    const sneaky = await app.request("/%2e%2e/%2e%2e/package.json");
    expect(await sneaky.text()).not.toContain('"name"');
  });

  it("says how to build the app when there is no build", async () => {
    const app = createApp(store, { webRoot: mkdtempSync(join(tmpdir(), "baton-no-web-")), logger });
    const res = await app.request("/");
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("npm run build:web");
  });
});
