import { hostname, userInfo } from "node:os";
import type { Command } from "commander";
import type { Principal } from "../app/access.ts";
import { recordChange } from "../app/audit.ts";
import { defaultStoreLocation, openStore, type Store } from "../store/store.ts";
import { consoleOutput, type Output } from "./output.ts";

/** Global options every command inherits. */
export interface GlobalOptions {
  readonly db?: string;
  readonly json?: boolean;
}

/** What a command runs with: an open store, the clock and where to print. */
export interface CommandContext {
  readonly store: Store;
  readonly now: Date;
  readonly out: Output;
}

const globalsOf = (command: Command): GlobalOptions => command.optsWithGlobals<GlobalOptions>();

/** Whoever runs the command line, by their operating-system account. */
export const operatorPrincipal = (): Principal => {
  const name = userInfo().username;
  return {
    user: {
      id: `cli:${name}`,
      email: `${name}@${hostname()}`,
      name,
      role: "admin",
      customerId: null,
      personId: null,
    },
    via: "cli",
    scope: "write",
  };
};

/**
 * Commands that change what Baton holds, by their path. Each successful run is written to the audit
 * log with who ran it and its arguments (`user` commands record their own, richer entries).
 */
const AUDITED = new Set([
  "engagement create",
  "pod add",
  "pod remove",
  "dm assign",
  "source add csv",
  "source add jira",
  "source add github",
  "source add simulator",
  "source reconvert",
  "sync",
  "escalate",
  "escalations update",
  "escalations ack",
  "escalations resolve",
  "escalations rate",
  "escalations merge",
  "blockers add",
  "blockers resolve",
  "depend add",
  "depend met",
  "depend cancel",
  "decide propose",
  "decide accept",
  "decide reject",
  "misses update",
  "misses close",
  "report edit",
  "report reset",
  "report publish",
  "report recipients",
  "report deliver",
  "signals ack",
  "signals snooze",
  "signals dismiss",
  "signals settings",
  "demo",
]);

const SECRET_OPTION = /password|token|secret|webhook/i;

const commandPath = (command: Command): string => {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
};

/** Records a successful state-changing command in the audit log; a failure to record is reported, not raised. */
const auditCommand = async (store: Store, command: Command, now: Date, out: Output) => {
  const path = commandPath(command);
  if (!AUDITED.has(path)) return;
  const options = Object.fromEntries(
    Object.entries(command.opts()).map(([k, v]) => [k, SECRET_OPTION.test(k) ? "(hidden)" : v]),
  );
  const engagement = typeof options.engagement === "string" ? options.engagement : null;
  try {
    await recordChange(store, operatorPrincipal(), now, {
      action: `cli ${path}`,
      target: { type: "command", id: command.args[0] ?? engagement ?? path },
      engagementId: engagement,
      after: { args: command.args, options },
    });
  } catch (error) {
    out.notice(`baton: done, but the audit log could not record it (${(error as Error).message})`);
  }
};

/**
 * Opens the store named by --db, DATABASE_URL or BATON_DB, runs `fn`, records it in the audit log
 * when it changed something, and always closes the store.
 */
export const withStore = async <T>(command: Command, fn: (ctx: CommandContext) => Promise<T>): Promise<T> => {
  const globals = globalsOf(command);
  const store = await openStore(globals.db ?? defaultStoreLocation());
  try {
    const now = new Date();
    const out = consoleOutput(globals.json ?? false);
    const result = await fn({ store, now, out });
    await auditCommand(store, command, now, out);
    return result;
  } finally {
    await store.close();
  }
};

export const outputOf = (command: Command): Output => consoleOutput(globalsOf(command).json ?? false);
