import type { Selectable } from "kysely";
import type { CsatResponsesTable } from "./schema.ts";
import type { Db, Tx } from "./store.ts";
import { upsertRows } from "./upsert.ts";

type Conn = Db | Tx;

/** An earlier answer a new one replaced. */
export interface EarlierAnswer {
  readonly score: number;
  readonly comment: string | null;
  readonly answeredAt: string;
  readonly via: string;
}

/** One respondent's answer to a monthly review's question (0–10 and an optional comment). */
export interface CsatResponse {
  readonly id: string;
  readonly engagementId: string;
  /** `YYYY-MM`: the month the review covered. */
  readonly month: string;
  readonly reportId: string | null;
  /** Email, lower-cased. */
  readonly respondent: string;
  readonly userId: string | null;
  readonly via: "portal" | "email";
  readonly score: number;
  readonly comment: string | null;
  readonly answeredAt: string;
  readonly history: readonly EarlierAnswer[];
}

const rowToResponse = (r: Selectable<CsatResponsesTable>): CsatResponse => ({
  ...r,
  via: r.via as CsatResponse["via"],
  score: Number(r.score),
  history: JSON.parse(r.history) as EarlierAnswer[],
});

export const saveCsatResponse = (db: Conn, r: CsatResponse) =>
  upsertRows(db, "csatResponses", [{ ...r, history: JSON.stringify(r.history) }]);

export const getCsatResponse = async (db: Conn, id: string): Promise<CsatResponse | undefined> => {
  const row = await db.selectFrom("csatResponses").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? rowToResponse(row) : undefined;
};

/** An engagement's answers (of one month, when given), by month and then by respondent. */
export const listCsatResponses = async (
  db: Conn,
  engagementId: string,
  month?: string,
): Promise<CsatResponse[]> => {
  let query = db.selectFrom("csatResponses").selectAll().where("engagementId", "=", engagementId);
  if (month) query = query.where("month", "=", month);
  return (await query.orderBy("month").orderBy("respondent").execute()).map(rowToResponse);
};

/** The secret named `name`, creating it with `fresh` when there is none; every instance gets the same one. */
export const serverSecret = async (db: Conn, name: string, fresh: string, now: string): Promise<string> => {
  await db
    .insertInto("serverSecrets")
    .values({ name, value: fresh, createdAt: now })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db
    .selectFrom("serverSecrets")
    .select("value")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.value;
};
