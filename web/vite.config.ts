import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

/** The web app: `web/` in, `dist/web` out (served by `baton serve`). */
export const webConfig = defineConfig({
  root: here,
  base: "/",
  plugins: [react()],
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npm run dev:web` next to `baton serve` on its default port.
    proxy: {
      "/api": "http://127.0.0.1:4400",
      "/login": "http://127.0.0.1:4400",
      "/logout": "http://127.0.0.1:4400",
    },
  },
});

export default webConfig;
