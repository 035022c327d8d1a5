import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "web/**/*.test.ts"],
    // Generous: the first PGlite store of a file builds its template, which on a busy machine
    // (CI runners, parallel workers) takes tens of seconds. Speed is measured by `npm run bench`.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
