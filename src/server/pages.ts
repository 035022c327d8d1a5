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
export const renderPortfolioPage = (user: User, date: string, engagements: readonly EngagementSummary[]) => {
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
      <span class="muted">${user.name} (${user.role}) · ${date}</span>
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
      }</p>
    </main>
  </body>
</html>`;
};
