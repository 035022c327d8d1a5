import { z } from "zod";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { slugify } from "../domain/ids.ts";
import type { User } from "../domain/types.ts";
import { BatonError, invalidInput } from "../errors.ts";
import { getCustomer } from "../store/engagements.ts";
import type { Store } from "../store/store.ts";
import { findUserByEmail, saveUser } from "../store/users.ts";
import { parseInput } from "./validate.ts";

export const createUserInput = z.strictObject({
  email: z.email("must be an email address"),
  name: z.string().trim().min(1, "is required"),
  role: z.enum(["admin", "director", "dm", "specialist", "customer"]),
  password: z.string().min(10, "must be at least 10 characters"),
  customer: z.string().optional(),
  person: z.string().optional(),
});

/** Creates or updates a login. Customer users must name the one customer they belong to. */
export const createUser = async (store: Store, input: unknown, now: Date): Promise<User> => {
  const data = parseInput(createUserInput, input, "user");
  if (data.role === "customer" && !data.customer) {
    throw invalidInput(
      "invalid user: customer users need --customer (the customer whose engagements they see)",
    );
  }
  if (data.customer && !(await getCustomer(store.db, data.customer))) {
    throw invalidInput(`invalid user: customer "${data.customer}" does not exist`);
  }
  const email = data.email.toLowerCase();
  const existing = await findUserByEmail(store.db, email);
  const user: User = {
    id: existing?.user.id ?? `user:${slugify(email)}`,
    email,
    name: data.name,
    role: data.role,
    customerId: data.role === "customer" ? (data.customer ?? null) : null,
    personId: data.person ?? null,
  };
  await saveUser(store.db, user, await hashPassword(data.password), now.toISOString());
  return user;
};

/** The user with this email and password, or an `unauthorized` error that does not say which was wrong. */
export const authenticate = async (store: Store, email: string, password: string): Promise<User> => {
  const found = await findUserByEmail(store.db, email);
  const ok = found?.passwordHash ? await verifyPassword(password, found.passwordHash) : false;
  if (!found || !ok) throw new BatonError("unauthorized", "email or password is wrong");
  return found.user;
};
