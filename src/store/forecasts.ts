import type { Selectable } from "kysely";
import type { ForecastsTable } from "./schema.ts";
import type { Db, Tx } from "./store.ts";
import { upsertRows } from "./upsert.ts";

type Conn = Db | Tx;

/** A stored forecast: what was predicted as of when, and from what. */
export interface StoredForecast {
  readonly id: string;
  readonly engagementId: string;
  readonly milestoneId: string | null;
  readonly kind: "when" | "how_many";
  readonly asOf: string;
  readonly madeAt: string;
  readonly p50: string | null;
  readonly p85: string | null;
  readonly p95: string | null;
  readonly targetDate: string | null;
  readonly probability: number | null;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly result: unknown;
}

const rowToForecast = (r: Selectable<ForecastsTable>): StoredForecast => ({
  ...r,
  kind: r.kind as StoredForecast["kind"],
  probability: r.probability === null ? null : Number(r.probability),
  inputs: JSON.parse(r.inputs) as Record<string, unknown>,
  result: JSON.parse(r.result) as unknown,
});

/** Records a forecast; making the same forecast as of the same instant again replaces it. */
export const saveForecast = (db: Conn, f: StoredForecast) =>
  upsertRows(db, "forecasts", [{ ...f, inputs: JSON.stringify(f.inputs), result: JSON.stringify(f.result) }]);

/** An engagement's forecasts (of one milestone, when given), oldest first: how the forecast moved. */
export const listForecasts = async (
  db: Conn,
  engagementId: string,
  milestoneId?: string,
): Promise<StoredForecast[]> => {
  let query = db.selectFrom("forecasts").selectAll().where("engagementId", "=", engagementId);
  if (milestoneId) query = query.where("milestoneId", "=", milestoneId);
  return (await query.orderBy("asOf").orderBy("madeAt").execute()).map(rowToForecast);
};
