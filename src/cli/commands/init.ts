import type { Command } from "commander";
import { withStore } from "../context.ts";

export const registerInitCommand = (program: Command) => {
  program
    .command("init")
    .description("create the database (or bring its schema up to date) and say where it is")
    .action(async (_options, command: Command) =>
      withStore(command, async ({ store, out }) => {
        out.result(`Baton database ready: ${store.description}`, {
          database: store.description,
          ready: true,
        });
      }),
    );
};
