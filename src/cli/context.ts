import type { Command } from "commander";
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

/** Opens the store named by --db, DATABASE_URL or BATON_DB, runs `fn`, and always closes it. */
export const withStore = async <T>(command: Command, fn: (ctx: CommandContext) => Promise<T>): Promise<T> => {
  const globals = globalsOf(command);
  const store = await openStore(globals.db ?? defaultStoreLocation());
  try {
    return await fn({ store, now: new Date(), out: consoleOutput(globals.json ?? false) });
  } finally {
    await store.close();
  }
};

export const outputOf = (command: Command): Output => consoleOutput(globalsOf(command).json ?? false);
