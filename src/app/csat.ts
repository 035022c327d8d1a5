import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { BatonError, invalidInput } from "../errors.ts";
import type { CsatSummary } from "../reports/facts-kinds.ts";
import {
  type CsatResponse,
  getCsatResponse,
  listCsatResponses,
  saveCsatResponse,
  serverSecret,
} from "../store/csat.ts";
import { reportVersions } from "../store/reports.ts";
import type { Store } from "../store/store.ts";
import { requireEngagement } from "./engagements.ts";
import { parseInput } from "./validate.ts";

/**
 * Customer satisfaction. The monthly review asks the customer one question, answered 0–10 with an
 * optional comment, in the portal or from a signed link in the email. One answer counts per
 * respondent and month: answering again replaces it, and the replaced answer is kept. NPS is the
 * share of promoters (9–10) minus the share of detractors (0–6), in points.
 */

export const CSAT_QUESTION = "How likely are you to recommend this team's work to a colleague?";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const csatAnswerInput = z.strictObject({
  engagement: z.string().min(1),
  month: z.string().regex(MONTH, "must be YYYY-MM"),
  respondent: z.email("must be an email address"),
  score: z.coerce.number().int("must be a whole number").min(0, "must be 0 to 10").max(10, "must be 0 to 10"),
  comment: z.string().trim().max(2000).optional(),
  userId: z.string().nullable().default(null),
  via: z.enum(["portal", "email"]),
  reportId: z.string().nullable().default(null),
});

/** Records an answer; a second answer from the same respondent for the same month replaces the first. */
export const answerCsat = async (store: Store, input: unknown, now: Date): Promise<CsatResponse> => {
  const data = parseInput(csatAnswerInput, input, "answer");
  await requireEngagement(store, data.engagement);
  const respondent = data.respondent.toLowerCase();
  const id = `${data.engagement}:${data.month}:${respondent}`;
  const before = await getCsatResponse(store.db, id);
  // The answer belongs to the monthly review the customer read: its latest published version, if any.
  const published = (await reportVersions(store.db, data.engagement, "monthly", data.month))
    .filter((r) => r.status === "published")
    .at(-1);
  const response: CsatResponse = {
    id,
    engagementId: data.engagement,
    month: data.month,
    reportId: data.reportId ?? published?.id ?? before?.reportId ?? null,
    respondent,
    userId: data.userId ?? before?.userId ?? null,
    via: data.via,
    score: data.score,
    comment: data.comment ? data.comment : null,
    answeredAt: now.toISOString(),
    history: before
      ? [
          ...before.history,
          { score: before.score, comment: before.comment, answeredAt: before.answeredAt, via: before.via },
        ]
      : [],
  };
  await saveCsatResponse(store.db, response);
  return response;
};

/** NPS of scores 0–10 in points (−100 to 100, whole numbers); null without answers. */
export const npsOf = (scores: readonly number[]): number | null => {
  if (scores.length === 0) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return Math.round(((promoters - detractors) / scores.length) * 100);
};

const summaryOf = (month: string, responses: readonly CsatResponse[]): CsatSummary => {
  const scores = responses.map((r) => r.score);
  return {
    month,
    responses: scores.length,
    nps: npsOf(scores),
    average:
      scores.length === 0 ? null : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10,
  };
};

/** The answers for one month and their NPS; null when nobody answered. */
export const csatSummary = async (
  store: Store,
  engagementId: string,
  month: string,
): Promise<CsatSummary | null> => {
  const responses = await listCsatResponses(store.db, engagementId, month);
  return responses.length === 0 ? null : summaryOf(month, responses);
};

export interface CsatReport {
  readonly engagementId: string;
  readonly question: string;
  readonly months: readonly CsatSummary[];
  readonly responses: readonly CsatResponse[];
}

/** An engagement's answers (of one month, when given) with NPS per month, oldest month first. */
export const csatReport = async (store: Store, engagementId: string, month?: string): Promise<CsatReport> => {
  await requireEngagement(store, engagementId);
  if (month !== undefined && !MONTH.test(month)) throw invalidInput(`month "${month}" must be YYYY-MM`);
  const responses = await listCsatResponses(store.db, engagementId, month);
  const months = [...new Set(responses.map((r) => r.month))].sort();
  return {
    engagementId,
    question: CSAT_QUESTION,
    months: months.map((m) =>
      summaryOf(
        m,
        responses.filter((r) => r.month === m),
      ),
    ),
    responses,
  };
};

/** The key that signs emailed answer links: made on first use, stored, shared by every instance. */
export const csatSecret = (store: Store, now: Date): Promise<string> =>
  serverSecret(store.db, "csat-link", randomBytes(32).toString("base64url"), now.toISOString());

/** What an answer link names: whose answer, for which engagement and month, valid until when. */
export interface CsatTokenClaims {
  readonly engagementId: string;
  readonly month: string;
  readonly email: string;
  /** Links stop working at the end of the second month after the one asked about. */
  readonly expiresAt: string;
}

const sign = (secret: string, payload: string) =>
  createHmac("sha256", secret).update(payload).digest("base64url");

/** End of the second month after `month` (UTC): February's question can be answered until 30 April. */
const expiryOf = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m + 2, 1) - 1).toISOString();
};

/** A signed token for one recipient's answer link. */
export const csatToken = (
  secret: string,
  claims: { readonly engagementId: string; readonly month: string; readonly email: string },
): string => {
  if (!MONTH.test(claims.month)) throw invalidInput(`month "${claims.month}" must be YYYY-MM`);
  const body: CsatTokenClaims = {
    engagementId: claims.engagementId,
    month: claims.month,
    email: claims.email.toLowerCase(),
    expiresAt: expiryOf(claims.month),
  };
  const payload = Buffer.from(JSON.stringify(body)).toString("base64url");
  return `${payload}.${sign(secret, payload)}`;
};

/**
 * The link a recipient of the monthly review follows to answer, without signing in. Append
 * `?score=N` (0–10) for one-click answers; without it the page shows the eleven choices.
 */
export const csatLink = (
  baseUrl: string,
  secret: string,
  claims: { readonly engagementId: string; readonly month: string; readonly email: string },
): string => `${baseUrl.replace(/\/+$/, "")}/csat/${csatToken(secret, claims)}`;

/** The claims of a token this server signed and that has not expired; a clear error otherwise. */
export const verifyCsatToken = (secret: string, token: string, now: Date): CsatTokenClaims => {
  const invalid = new BatonError(
    "invalid_input",
    "this answer link is not valid: it may have been changed or cut short when copied",
  );
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length > 0) throw invalid;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
  let claims: CsatTokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as CsatTokenClaims;
  } catch {
    throw invalid;
  }
  if (claims.expiresAt < now.toISOString())
    throw new BatonError(
      "invalid_input",
      `this answer link expired on ${claims.expiresAt.slice(0, 10)}; answer in the portal instead`,
    );
  return claims;
};

/** Records the answer an emailed link carries. */
export const answerCsatByLink = async (
  store: Store,
  token: string,
  answer: { readonly score: unknown; readonly comment?: string | undefined },
  now: Date,
): Promise<CsatResponse> => {
  const claims = verifyCsatToken(await csatSecret(store, now), token, now);
  return answerCsat(
    store,
    {
      engagement: claims.engagementId,
      month: claims.month,
      respondent: claims.email,
      score: answer.score,
      ...(answer.comment ? { comment: answer.comment } : {}),
      via: "email",
    },
    now,
  );
};
