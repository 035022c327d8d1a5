import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { html } from "hono/html";
import {
  answerCsat,
  answerCsatByLink,
  CSAT_QUESTION,
  csatReport,
  csatSecret,
  verifyCsatToken,
} from "../../app/csat.ts";
import { localDate } from "../../engine/flow-days.ts";
import { BatonError } from "../../errors.ts";
import { shell } from "../pages.ts";
import { DELIVERY, requirePrincipal, type ServerEnv } from "../policy.ts";
import { audit, defineRoute, EngagementParam, ERRORS, json, jsonBody, report } from "./define.ts";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM");
const CsatResponse = report<unknown>(
  "CsatResponse",
  "One answer: engagement, month, respondent, score 0–10, comment, when and how (portal or email), and the answers it replaced",
);
const CsatMonth = z.object({
  month: z.string(),
  responses: z.number(),
  nps: z.number().nullable(),
  average: z.number().nullable(),
});

const answer = defineRoute(
  {
    method: "post",
    path: "/api/v1/engagements/{id}/csat",
    tags: ["Reports"],
    summary:
      "The customer answers the monthly review's question (0–10, optional comment); answering the same month again replaces the answer",
    request: {
      params: EngagementParam,
      body: jsonBody(
        z.strictObject({
          month: month.optional().openapi({
            description:
              "The month the review covered (default: the last complete month in the engagement's zone)",
          }),
          score: z.number().int().min(0).max(10),
          comment: z.string().max(2000).optional(),
        }),
      ),
    },
    responses: { 200: json(CsatResponse, "The recorded answer"), ...ERRORS },
  },
  { roles: ["customer"], scope: "write", engagement: "path" },
);

const list = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/csat",
    tags: ["Reports"],
    summary: "The customer's answers, with NPS (promoters 9–10 minus detractors 0–6, in points) per month",
    request: { params: EngagementParam, query: z.object({ month: month.optional() }) },
    responses: {
      200: json(
        z.object({
          question: z.string(),
          months: z.array(CsatMonth),
          responses: z.array(CsatResponse),
        }),
        "Answers and NPS, oldest month first",
      ),
      ...ERRORS,
    },
  },
  { roles: DELIVERY, scope: "read", engagement: "path" },
);

const lastMonth = (date: string) => {
  const [y, m] = date.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
};

/**
 * The answer form: the eleven choices (the one from the emailed link already chosen), an optional
 * comment, and a button. Opening a link never records anything, so mail scanners and link
 * previews that follow links cannot answer for anyone; only sending the form does.
 */
const answerForm = (
  token: string,
  claims: { month: string; email: string },
  chosen: number | null,
  comment = "",
) =>
  html`<p>${CSAT_QUESTION}</p>
    <form class="card" method="post" action="/csat/${token}">
      <fieldset>
        <legend>0 = not at all likely, 10 = extremely likely</legend>
        ${Array.from(
          { length: 11 },
          (_, n) =>
            html`<label class="score"><input type="radio" name="score" value="${n}" required ${n === chosen ? "checked" : ""} /> ${n}</label> `,
        )}
      </fieldset>
      <label for="comment">Anything you would like to add? (optional)</label>
      <input id="comment" name="comment" value="${comment}" maxlength="2000" />
      <button type="submit">Send my answer</button>
      <p class="muted">For ${claims.month}, as ${claims.email}.</p>
    </form>`;

const scoreOf = (value: string | undefined): number => {
  if (value === undefined || !/^(10|[0-9])$/.test(value))
    throw new BatonError(
      "invalid_input",
      `the score must be a whole number from 0 to 10, not "${value ?? ""}"`,
    );
  return Number(value);
};

/** The page an emailed answer link opens: no sign-in, the token names engagement, month and recipient. */
export const registerCsatPages = (app: OpenAPIHono<ServerEnv>) => {
  const refused = (error: unknown) => {
    if (error instanceof BatonError && error.code === "invalid_input")
      return shell("Answer not recorded", html`<p class="error">${error.message}</p>`);
    throw error;
  };
  app.get("/csat/:token", async (c) => {
    const now = c.get("now")();
    const token = c.req.param("token");
    try {
      const claims = verifyCsatToken(await csatSecret(c.get("store"), now), token, now);
      const score = c.req.query("score");
      return c.html(
        shell("Your view", answerForm(token, claims, score === undefined ? null : scoreOf(score))),
      );
    } catch (error) {
      return c.html(refused(error), 400);
    }
  });
  app.post("/csat/:token", async (c) => {
    const store = c.get("store");
    const now = c.get("now")();
    const token = c.req.param("token");
    try {
      const claims = verifyCsatToken(await csatSecret(store, now), token, now);
      const form = await c.req.parseBody();
      const score = scoreOf(typeof form.score === "string" ? form.score : undefined);
      const comment =
        typeof form.comment === "string" && form.comment.trim() !== ""
          ? form.comment.slice(0, 2000)
          : undefined;
      const saved = await answerCsatByLink(store, token, { score, comment }, now);
      return c.html(
        shell(
          "Thank you",
          html`<p>We recorded <strong>${saved.score}</strong> for ${claims.month} from ${claims.email}${saved.history.length > 0 ? ", replacing your earlier answer" : ""}.</p>
            <p class="muted">Changed your mind? Open the link again and send another answer; the last one counts.</p>`,
        ),
      );
    } catch (error) {
      return c.html(refused(error), 400);
    }
  });
};

export const registerCsatRoutes = (app: OpenAPIHono<ServerEnv>) => {
  app.openapi(answer, async (c) => {
    const user = requirePrincipal(c.get("principal")).user;
    const engagement = c.get("engagement");
    const body = c.req.valid("json");
    const now = c.get("now")();
    const saved = await answerCsat(
      c.get("store"),
      {
        engagement: engagement.id,
        month: body.month ?? lastMonth(localDate(now.toISOString(), engagement.timeZone)),
        respondent: user.email,
        userId: user.id,
        score: body.score,
        ...(body.comment ? { comment: body.comment } : {}),
        via: "portal",
      },
      now,
    );
    await audit(c, {
      action: "csat.answer",
      target: { type: "csat", id: saved.id },
      before: saved.history.at(-1) ?? null,
      after: { score: saved.score, comment: saved.comment },
    });
    return c.json(saved, 200);
  });

  app.openapi(list, async (c) => {
    const report = await csatReport(c.get("store"), c.get("engagement").id, c.req.valid("query").month);
    return c.json(
      { question: report.question, months: [...report.months], responses: [...report.responses] },
      200,
    );
  });
};
