import type { Command } from "commander";
import { createToken, inviteCustomer, type Principal, revokeApiToken, tokensOf } from "../../app/access.ts";
import { recordChange } from "../../app/audit.ts";
import { createUser } from "../../app/users.ts";
import { notFound } from "../../errors.ts";
import type { Store } from "../../store/store.ts";
import { findUserByEmail, listUsers } from "../../store/users.ts";
import { operatorPrincipal, withStore } from "../context.ts";
import { table } from "../output.ts";

/** The login named by `--email`, acting from the command line. */
const cliPrincipal = async (store: Store, email: string): Promise<Principal> => {
  const found = await findUserByEmail(store.db, email);
  if (!found) throw notFound("user", email);
  return { user: found.user, via: "cli", scope: "write" };
};

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
        await recordChange(store, operatorPrincipal(), now, {
          action: "user.create",
          target: { type: "user", id: created.id },
          after: created,
        });
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

  user
    .command("invite")
    .description("invite a customer's person: prints the link where they choose their name and password")
    .requiredOption("--email <email>", "their email")
    .requiredOption("--customer <id>", "the customer whose engagements they will see")
    .requiredOption("--by <email>", "the admin or director who invites (recorded in the audit log)")
    .option(
      "--url <base>",
      "the server's public address for the link",
      process.env.BATON_PUBLIC_URL ?? "http://127.0.0.1:4400",
    )
    .option("--days <n>", "days the invitation stays valid", "14")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const actor = await cliPrincipal(store, o.by);
        const { token, invitation } = await inviteCustomer(
          store,
          actor,
          { email: o.email, customer: o.customer, days: Number(o.days) },
          now,
        );
        const link = `${o.url.replace(/\/$/, "")}/invite/${token}`;
        out.result(
          `Invitation for ${invitation.email} (${invitation.customerId}) until ${invitation.expiresAt.slice(0, 10)}:\n  ${link}\nSend this link to them; it is shown only now.`,
          { ...invitation, link },
        );
      }),
    );

  const token = user
    .command("token")
    .description("personal API tokens: scripts and calendar feeds sign in with these");
  token
    .command("create")
    .description("create a token for a login; the secret is printed once and stored only as a hash")
    .requiredOption("--email <email>", "the login the token acts as")
    .requiredOption("--name <name>", "what the token is for, e.g. 'CI export'")
    .option("--scope <scope>", "read | write", "read")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const actor = await cliPrincipal(store, o.email);
        const { token: secret, info } = await createToken(
          store,
          actor,
          { name: o.name, scope: o.scope },
          now,
        );
        out.result(
          `Token ${info.id} (${info.scope}) for ${o.email}:\n  ${secret}\nStore it now: it is not shown again. Use it as \`Authorization: Bearer <token>\`.`,
          { ...info, token: secret },
        );
      }),
    );
  token
    .command("list")
    .description("a login's tokens (never their secrets)")
    .requiredOption("--email <email>", "the login")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const actor = await cliPrincipal(store, o.email);
        const tokens = await tokensOf(store, actor.user.id);
        out.result(
          tokens.length
            ? table(
                ["ID", "NAME", "SCOPE", "CREATED", "LAST USED", "REVOKED"],
                tokens.map((t) => [
                  t.id,
                  t.name,
                  t.scope,
                  t.createdAt.slice(0, 10),
                  t.lastUsedAt?.slice(0, 16) ?? "never",
                  t.revokedAt?.slice(0, 10) ?? "",
                ]),
              )
            : `${o.email} has no tokens yet.`,
          tokens,
        );
      }),
    );
  token
    .command("revoke <id>")
    .description("revoke a token: requests with it are refused from now on")
    .requiredOption("--email <email>", "the login that owns it")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const actor = await cliPrincipal(store, o.email);
        const revoked = await revokeApiToken(store, actor, id, now);
        out.result(`Token ${revoked.id} (${revoked.name}) is revoked.`, revoked);
      }),
    );
};
