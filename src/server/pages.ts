import { html, raw } from "hono/html";
import type { EngagementSummary } from "../app/engagements.ts";
import type { User } from "../domain/types.ts";

const STYLE = `
:root { color-scheme: light dark; --fg:#1c2024; --muted:#5f6b76; --bg:#f7f8fa; --card:#fff; --line:#e3e6ea; --warn:#b54708; --ok:#067647; }
@media (prefers-color-scheme: dark) { :root { --fg:#e6e8eb; --muted:#9aa4ae; --bg:#111315; --card:#1a1d20; --line:#2b3035; --warn:#f79009; --ok:#47cd89; } }
body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:var(--bg); }
header { padding:20px 32px; border-bottom:1px solid var(--line); display:flex; justify-content:space-between; align-items:baseline; }
h1 { font-size:20px; margin:0; } main { padding:24px 32px; max-width:1100px; }
.muted { color:var(--muted); } table { width:100%; border-collapse:collapse; background:var(--card); border:1px solid var(--line); border-radius:8px; }
th, td { text-align:left; padding:10px 14px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:12px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
td.num { font-variant-numeric:tabular-nums; } .warn { color:var(--warn); } .ok { color:var(--ok); }
ul { margin:0; padding-left:18px; }
`;

/** The portfolio a signed-in user may see, as a plain server-rendered page. */
export const renderPortfolioPage = (
  user: User,
  date: string,
  engagements: readonly EngagementSummary[],
  csrfToken: string | null,
) => {
  // Staffing rules are the vendor's internal business: customers and specialists never see them.
  const showDmLoad = user.role === "admin" || user.role === "director" || user.role === "dm";
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Baton — portfolio</title>
    <style>
      ${raw(STYLE)}
    </style>
  </head>
  <body>
    <header>
      <h1>Baton · Portfolio</h1>
      <span class="muted">${user.name} (${user.role}) · ${date}${
        csrfToken
          ? html` · <form method="post" action="/logout" style="display:inline"><input type="hidden" name="_csrf" value="${csrfToken}" /><button type="submit">Sign out</button></form>`
          : ""
      }</span>
    </header>
    <main>
      ${
        engagements.length === 0
          ? html`<p>No engagements yet. Create one with <code>baton engagement create</code> or load the demo with <code>baton demo</code>.</p>`
          : html`<table>
              <thead>
                <tr><th>Engagement</th><th>Customer</th><th>DM</th><th>Pod size</th><th>Cadence</th>${showDmLoad ? html`<th>DM load</th>` : ""}</tr>
              </thead>
              <tbody>
                ${engagements.map(
                  (s) => html`<tr>
                    <td><strong>${s.engagement.name}</strong><br /><span class="muted">${s.engagement.id}</span></td>
                    <td>${s.customerName}</td>
                    <td>${s.dm?.name ?? html`<span class="warn">none</span>`}</td>
                    <td class="num">${s.podSize}</td>
                    <td>${s.engagement.sprintLengthDays}-day sprints · status on ${s.engagement.reportDay} · review within ${s.engagement.reviewSla.firstReviewHours} h</td>
                    ${
                      !showDmLoad
                        ? ""
                        : s.violations.length
                          ? html`<td><ul class="warn">${s.violations.map((v) => html`<li>${v}</li>`)}</ul></td>`
                          : html`<td><span class="ok">within the rules</span></td>`
                    }
                  </tr>`,
                )}
              </tbody>
            </table>`
      }
      <p class="muted">JSON: <a href="/api/v1/engagements">/api/v1/engagements</a>${
        showDmLoad ? html` · <a href="/api/v1/dm-load">/api/v1/dm-load</a>` : ""
      } · <a href="/api/v1/reference">API reference</a></p>
    </main>
  </body>
</html>`;
};

/** A page of the server's own: title, the shared style, and the body. */
export const shell = (title: string, body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Baton — ${title}</title>
    <style>
      ${raw(STYLE)}
      form.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:24px; max-width:360px; }
      label { display:block; margin:12px 0 4px; } input { width:100%; padding:8px; box-sizing:border-box; }
      button { margin-top:16px; padding:8px 16px; } .error { color:var(--warn); }
      code { font-size:13px; } h2 { margin-top:32px; } .op { margin:18px 0; padding:12px 16px; background:var(--card); border:1px solid var(--line); border-radius:8px; }
      .method { font-weight:700; text-transform:uppercase; margin-right:8px; }
    </style>
  </head>
  <body>
    <header><h1>Baton · ${title}</h1></header>
    <main>${body}</main>
  </body>
</html>`;

/** The sign-in form for browsers; the API signs in with `POST /api/v1/session`. */
export const renderLoginPage = (error: string | null, email = "") =>
  shell(
    "Sign in",
    html`<form class="card" method="post" action="/login">
      ${error ? html`<p class="error">${error}</p>` : ""}
      <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="${email}" required />
      <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required />
      <button type="submit">Sign in</button>
    </form>`,
  );

/** The form an invited customer fills in to create their login. */
export const renderInvitePage = (token: string, error: string | null) =>
  shell(
    "Accept invitation",
    html`<form class="card" method="post" action="/invite/${token}">
      ${error ? html`<p class="error">${error}</p>` : ""}
      <label for="name">Your name</label><input id="name" name="name" required />
      <label for="password">Choose a password (10 characters or more)</label><input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required />
      <button type="submit">Create my login</button>
    </form>`,
  );

interface Operation {
  readonly summary?: string;
  readonly description?: string;
  readonly parameters?: readonly { name: string; in: string; required?: boolean; description?: string }[];
  readonly requestBody?: unknown;
}

/** A readable reference of the API, rendered from the OpenAPI document itself. */
export const renderReferencePage = (doc: { paths?: object | undefined }) => {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>;
  const operations = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  return shell(
    "API reference",
    html`<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Errors are
        <code>{ "error": { "code", "message", "details" } }</code>. Sign in with a session cookie (browsers) or
        <code>Authorization: Bearer &lt;token&gt;</code> (scripts; <code>baton user token create</code>).</p>
      ${operations.map(
        ({ path, method, op }) => html`<div class="op">
          <div><span class="method">${method}</span><code>${path}</code></div>
          <p><strong>${op.summary ?? ""}</strong></p>
          ${(op.description ?? "").split("\n\n").map((p) => html`<p class="muted">${p}</p>`)}
          ${
            op.parameters?.length
              ? html`<ul>${op.parameters.map((p) => html`<li><code>${p.name}</code> (${p.in}${p.required ? ", required" : ""})${p.description ? html` — ${p.description}` : ""}</li>`)}</ul>`
              : ""
          }
          ${op.requestBody ? html`<p class="muted">JSON body: see the schema in openapi.json.</p>` : ""}
        </div>`,
      )}`,
  );
};
