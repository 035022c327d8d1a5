import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { openStore } from "../store/store.ts";
import { createApp } from "./app.ts";
import { memoryLogger } from "./log.ts";

const BIG_SCRIPT = Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i};`).join("\n");

const builtApp = () => {
  const root = mkdtempSync(join(tmpdir(), "baton-web-root-"));
  mkdirSync(join(root, "assets"));
  writeFileSync(join(root, "index.html"), "<!doctype html><div id=root></div>");
  writeFileSync(join(root, "assets", "app-1a2b.js"), "console.log(1)");
  writeFileSync(join(root, "assets", "big-3c4d.js"), BIG_SCRIPT);
  writeFileSync(join(root, "assets", "logo-5e6f.png"), Buffer.alloc(4096, 7));
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

  it("sends text compressed with Brotli or gzip when the browser accepts it, and as it is otherwise", async () => {
    const app = createApp(store, { webRoot: builtApp(), logger });
    const get = (path: string, acceptEncoding?: string) =>
      app.request(path, acceptEncoding ? { headers: { "accept-encoding": acceptEncoding } } : {});
    const body = async (res: Response) => Buffer.from(await res.arrayBuffer());

    const br = await get("/assets/big-3c4d.js", "gzip, deflate, br, zstd");
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("vary")).toBe("accept-encoding");
    expect(br.headers.get("cache-control")).toContain("immutable");
    const brBytes = await body(br);
    expect(brBytes.byteLength).toBeLessThan(BIG_SCRIPT.length / 3);
    expect(brotliDecompressSync(brBytes).toString()).toBe(BIG_SCRIPT);

    const gzip = await get("/assets/big-3c4d.js", "gzip, br;q=0");
    expect(gzip.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(await body(gzip)).toString()).toBe(BIG_SCRIPT);

    const plain = await get("/assets/big-3c4d.js");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect((await body(plain)).toString()).toBe(BIG_SCRIPT);

    // Small files and images go as they are.
    expect((await get("/assets/app-1a2b.js", "br")).headers.get("content-encoding")).toBeNull();
    const png = await get("/assets/logo-5e6f.png", "br");
    expect(png.headers.get("content-encoding")).toBeNull();
    expect((await body(png)).byteLength).toBe(4096);
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
