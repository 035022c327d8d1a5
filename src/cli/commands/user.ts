import type { Command } from "commander";
import { createUser } from "../../app/users.ts";
import { listUsers } from "../../store/users.ts";
import { withStore } from "../context.ts";
import { table } from "../output.ts";

export const registerUserCommands = (program: Command) => {
  const user = program
    .command("user")
    .description("people who log in: admins, directors, DMs, specialists, customers");

  user
    .command("create")
    .description(
      "create a login (or reset its password); the password is read from BATON_PASSWORD or --password",
    )
    .requiredOption("--email <email>", "login email")
    .requiredOption("--name <name>", "display name")
    .option("--role <role>", "admin | director | dm | specialist | customer")
    .option("--admin", "shorthand for --role admin")
    .option("--customer <id>", "for customer users: the customer whose engagements they see")
    .option("--person <id>", "for DMs and specialists: the person they are")
    .option(
      "--password <password>",
      "password (prefer BATON_PASSWORD: command lines end up in shell history)",
    )
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const created = await createUser(
          store,
          {
            email: o.email,
            name: o.name,
            role: o.admin ? "admin" : o.role,
            password: o.password ?? process.env.BATON_PASSWORD ?? "",
            ...(o.customer ? { customer: o.customer } : {}),
            ...(o.person ? { person: o.person } : {}),
          },
          now,
        );
        out.result(`User ${created.email} (${created.role}) is ready.`, created);
      }),
    );

  user
    .command("list")
    .description("every login with its role")
    .action(async (_o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const users = await listUsers(store.db);
        out.result(
          users.length
            ? table(
                ["EMAIL", "NAME", "ROLE", "CUSTOMER"],
                users.map((u) => [u.email, u.name, u.role, u.customerId]),
              )
            : "No users yet. Create the first admin with `baton user create --admin`.",
          users,
        );
      }),
    );
};
