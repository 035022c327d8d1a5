import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
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

/** Text worth compressing; smaller bodies go as they are. */
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".svg", ".json", ".map"]);
const MIN_COMPRESS_BYTES = 1024;

type Encoding = "br" | "gzip";

/** The best encoding the client accepts (Brotli, then gzip), honouring `;q=0` refusals. */
const encodingFor = (acceptEncoding: string | undefined): Encoding | null => {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? "").toLowerCase().split(",")) {
    const [name = "", ...params] = part.split(";").map((p) => p.trim());
    const q = params.find((p) => p.startsWith("q="));
    if (name !== "" && !(q !== undefined && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip") || accepted.has("*")) return "gzip";
  return null;
};

/** Plain bytes (an ArrayBuffer behind them), as a response body wants them. */
type Bytes = Uint8Array<ArrayBuffer>;

/**
 * Compressed bodies by file, encoding and the file's size and modification time: assets are
 * compressed once per process (Brotli quality 9 takes tens of milliseconds for the app's script and
 * brings it to about a third), and a rebuilt file is compressed afresh.
 */
const compressed = new Map<string, Bytes>();

const encodedBody = (key: string, body: Bytes, encoding: Encoding): Bytes => {
  const cacheKey = `${encoding} ${key}`;
  let out = compressed.get(cacheKey);
  if (out === undefined) {
    out = Uint8Array.from(
      encoding === "br"
        ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } })
        : gzipSync(body, { level: 9 }),
    );
    compressed.set(cacheKey, out);
  }
  return out;
};

/** The body and headers for a file, compressed when it is text, large enough and the client accepts it. */
const fileResponse = async (
  file: string,
  acceptEncoding: string | undefined,
): Promise<{ body: Bytes; headers: Record<string, string> }> => {
  const [info, bytes] = await Promise.all([stat(file), readFile(file)]);
  const body: Bytes = Uint8Array.from(bytes);
  const type = extname(file);
  if (!COMPRESSIBLE.has(type)) return { body, headers: {} };
  const encoding = body.byteLength >= MIN_COMPRESS_BYTES ? encodingFor(acceptEncoding) : null;
  if (encoding === null) return { body, headers: { vary: "accept-encoding" } };
  return {
    body: encodedBody(`${file} ${info.size} ${info.mtimeMs}`, body, encoding),
    headers: { "content-encoding": encoding, vary: "accept-encoding" },
  };
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
 * year; text compressed with Brotli or gzip when the browser accepts it), and `index.html` for every other GET that is not the server's own (API, webhooks,
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
        const { body, headers } = await fileResponse(file, c.req.header("accept-encoding"));
        return c.body(body, 200, {
          ...headers,
          "content-type": TYPES[extname(file)] ?? "application/octet-stream",
          "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
          "x-content-type-options": "nosniff",
        });
      }
      if (path.startsWith("/assets/")) return next();
    }
    const { body, headers } = await fileResponse(index, c.req.header("accept-encoding"));
    return c.body(body, 200, {
      ...headers,
      "content-type": TYPES[".html"]!,
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
      "content-security-policy":
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    });
  });
};
