import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { BatonError } from "./errors.ts";

/**
 * Headless Chromium for PDFs and browser tests: the system's Chromium (Debian's `chromium`
 * package by default, or `BATON_CHROMIUM`), started with a fresh profile and without any of its
 * background network traffic.
 */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env.BATON_CHROMIUM ?? "/usr/bin/chromium";

export const chromiumAvailable = (env: NodeJS.ProcessEnv = process.env): boolean =>
  existsSync(chromiumPath(env));

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Starts Chromium; Playwright gives every launch its own new, empty profile directory. */
export const launchChromium = async (env: NodeJS.ProcessEnv = process.env): Promise<Browser> => {
  const executablePath = chromiumPath(env);
  if (!existsSync(executablePath))
    throw new BatonError(
      "invalid_input",
      `Chromium is needed for this and was not found at ${executablePath}: install it (Debian: apt-get install chromium) or set BATON_CHROMIUM to its path`,
    );
  return chromium.launch({ executablePath, headless: true, args: FLAGS });
};
