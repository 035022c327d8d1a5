import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import type { ServerEnv } from "./policy.ts";

/** Where `npm run build:web` puts the web app: `dist/web` at the package root. */
export const defaultWebRoot = () => resolve(dirname(fileURLToPath(import.meta.url)), "../../dist/web");

/**
 * Builds the web app into `root` when it is not there yet and Vite is installed (a source
 * checkout), so the quick start works however it is launched. Returns what it did, or why not.
 */
export const ensureWebApp = async (
  root: string = defaultWebRoot(),
): Promise<"present" | "built" | "no-vite"> => {
  if (existsSync(join(root, "index.html"))) return "present";
  let vite: typeof import("vite");
  try {
    vite = await import("vite");
  } catch {
    return "no-vite";
  }
  await vite.build({
    configFile: resolve(dirname(fileURLToPath(import.meta.url)), "../../web/vite.config.ts"),
    build: { outDir: root, emptyOutDir: true },
    logLevel: "warn",
  });
  return "built";
};

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

/** Paths the server answers itself; the web app never shadows them. */
const SERVER_PATHS = ["/api/", "/webhooks/", "/invite/"];
const SERVER_PAGES = new Set(["/healthz", "/readyz", "/login", "/logout"]);
const isServerPath = (path: string) =>
  SERVER_PAGES.has(path) || SERVER_PATHS.some((p) => path.startsWith(p)) || path === "/api";

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Baton</title>
<body style="font:15px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1 style="font-size:1.25rem">The Baton web app is not built</h1>
<p>Build it once with <code>npm run build:web</code> (or start with <code>npm start</code>, which builds it first), then reload this page.</p>
<p>The API is running: <a href="/api/v1/reference">API reference</a> · <a href="/healthz">health</a>.</p>
</body></html>`;

/**
 * Serves the built single-page app from `root`: files as they are (hashed assets cached for a
 * year), and `index.html` for every other GET that is not the server's own (API, webhooks,
 * sign-in pages), so the app's routes survive a reload. Without a build it says how to make one.
 */
export const mountWebApp = (app: Hono<ServerEnv>, root: string) => {
  const base = resolve(root);
  app.get("*", async (c, next) => {
    const path = decodeURIComponent(c.req.path);
    if (isServerPath(path)) return next();
    const index = join(base, "index.html");
    if (!existsSync(index)) return c.html(NOT_BUILT, 503);
    const file = normalize(join(base, path));
    if (file.startsWith(base + sep) && extname(file) !== "") {
      const info = await stat(file).catch(() => null);
      if (info?.isFile()) {
        const immutable = path.startsWith("/assets/");
        return c.body(new Uint8Array(await readFile(file)), 200, {
          "content-type": TYPES[extname(file)] ?? "application/octet-stream",
          "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
          "x-content-type-options": "nosniff",
        });
      }
      if (path.startsWith("/assets/")) return next();
    }
    return c.body(await readFile(index, "utf8"), 200, {
      "content-type": TYPES[".html"]!,
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
      "content-security-policy":
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    });
  });
};
