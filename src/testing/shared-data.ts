import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * A file or folder of the public delivery data that ships beside the repository
 * (`../shared/data/<relative>`), and whether it is there. A user's clone has no `../shared`: tests
 * that need it skip, and say so on the console instead of failing.
 */
export const sharedData = (
  relative: string,
  testName: string,
): { readonly path: string; readonly present: boolean } => {
  const location = path.resolve(repoRoot, "../shared/data", relative);
  const present = existsSync(location);
  if (!present)
    console.warn(`[${testName}] SKIPPED: ${location} is absent (it ships beside the repo, not in it).`);
  return { path: location, present };
};
