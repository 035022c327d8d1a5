import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ServerType, serve } from "@hono/node-server";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cockpitView } from "../src/app/cockpit.ts";
import { listMissesOf } from "../src/app/misses.ts";
import { today } from "../src/app/validate.ts";
import { chromiumAvailable, chromiumPath, launchChromium } from "../src/browser.ts";
import { DEMO_PASSWORD } from "../src/demo/portfolio.ts";
import { createApp } from "../src/server/app.ts";
import { memoryLogger } from "../src/server/log.ts";
import { openStore, type Store } from "../src/store/store.ts";
import { runCli, tempDbPath } from "../src/testing/cli.ts";

/**
 * The web app in headless Chromium against the real server over the demo portfolio: each role
 * signs in through the login page and walks its main paths. Screenshots land in
 * test-artifacts/screenshots/.
 */
const SHOTS = fileURLToPath(new URL("../test-artifacts/screenshots/", import.meta.url));
const XSS_IMG = "<img src=x onerror=alert(1)>";
const XSS_SCRIPT = "<script>alert(2)</script>";

describe.skipIf(!chromiumAvailable())(
  `web app in Chromium (skipped when there is none at ${chromiumPath()}, set BATON_CHROMIUM)`,
  () => {
    let store: Store;
    let server: ServerType;
    let base = "";
    let browser: Browser;
    const dialogs: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      const webRoot = mkdtempSync(join(tmpdir(), "baton-web-"));
      await build({
        configFile: fileURLToPath(new URL("./vite.config.ts", import.meta.url)),
        build: { outDir: webRoot, emptyOutDir: true },
        logLevel: "error",
      });
      const db = tempDbPath();
      const seeded = await runCli(db, "demo", "--end-date", today(new Date()));
      expect(seeded.exitCode).toBe(0);
      store = await openStore(db);
      // A stored-XSS payload in a work item's title: it shows in the cockpit's WIP list and in search.
      const inProgress = (await cockpitView(store, "acme-mobile", new Date())).flow.wip[0];
      expect(inProgress).toBeDefined();
      await store.db
        .updateTable("workItems")
        .set({ title: `Harden ${XSS_IMG} ${XSS_SCRIPT}` })
        .where("engagementId", "=", "acme-mobile")
        .where("key", "=", inProgress!.key)
        .execute();
      const app = createApp(store, { webRoot, logger: memoryLogger(), signInRatePerMinute: 1000 });
      await new Promise<void>((resolve) => {
        server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
          base = `http://127.0.0.1:${info.port}`;
          resolve();
        });
      });
      browser = await launchChromium();
      mkdirSync(SHOTS, { recursive: true });
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await store?.close();
    });

    const signIn = async (email: string, colorScheme: "light" | "dark" = "light"): Promise<Page> => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, colorScheme });
      const page = await context.newPage();
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.goto(`${base}/`);
      await page.waitForURL(`${base}/login`);
      await page.fill("input[name=email]", email);
      await page.fill("input[name=password]", DEMO_PASSWORD);
      await page.click("button[type=submit]");
      await page.waitForURL(`${base}/`);
      return page;
    };
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

    it("shows the director every engagement, worst first, in light and dark", async () => {
      for (const scheme of ["light", "dark"] as const) {
        const page = await signIn("director@baton.demo", scheme);
        const rows = page.locator("table.data tbody tr");
        await rows.first().waitFor({ timeout: 60_000 });
        expect(await rows.count()).toBe(6);
        await expect.poll(() => page.locator("h1").textContent()).toBe("Portfolio");
        // Filtering narrows the rows; a DM's name links to the scorecard.
        await page.fill("input[aria-label='Filter engagements']", "acme");
        expect(await rows.count()).toBe(2);
        await page.fill("input[aria-label='Filter engagements']", "");
        await shot(page, `portfolio-director-${scheme}`);
        if (scheme === "light") {
          await page.click("a[href='/scorecards/dana-whitfield']");
          await page.getByText("Milestones hit").waitFor();
          await shot(page, "scorecard");
        }
        await page.context().close();
      }
    });

    it("lets the DM work the cockpit: acknowledge a signal, raise an escalation", async () => {
      const page = await signIn("dm@baton.demo");
      const started = performance.now();
      await page.goto(`${base}/engagements/acme-mobile`);
      await page.locator("#health").waitFor({ timeout: 60_000 });
      await page.locator("#flow svg").first().waitFor({ timeout: 60_000 });
      console.log(
        `cockpit of acme-mobile (demo data) ready in ${Math.round(performance.now() - started)} ms`,
      );
      await shot(page, "cockpit-dm");

      const signals = page.locator("#signals");
      await signals.getByRole("button", { name: "Acknowledge" }).first().click();
      await signals.getByText("acknowledged").first().waitFor();

      await page.getByRole("button", { name: "Raise escalation" }).click();
      const form = page.locator("form[aria-label='Raise an escalation']");
      await form.locator("input[name=title]").fill(`QA environment down ${XSS_IMG}`);
      await form.locator("select").first().selectOption("high");
      await form.locator("input[name=ask]").fill(`restore the QA environment ${XSS_SCRIPT}`);
      await form.locator("input[name=askedOf]").fill("Acme IT");
      await expect.poll(() => form.locator(".notice").textContent()).toContain("Baton suggests");
      await form.locator("select[name=level]").selectOption("L2");
      await form.getByLabel(/Customer can see it/).check();
      await form.getByRole("button", { name: "Raise escalation" }).click();
      const raised = page.locator("#escalations").getByText(`QA environment down ${XSS_IMG}`);
      await raised.waitFor();
      // The item title with markup is shown as text in the WIP list.
      await page.locator("#flow").getByText(XSS_IMG, { exact: false }).first().waitFor();
      // What if: cut scope and compare with today's plan.
      const whatIf = page.locator("form[aria-label='What-if scenario']");
      await whatIf.getByLabel("Items to cut").fill("20");
      await whatIf.getByRole("button", { name: "Compare" }).click();
      await page.locator("#milestones").getByText("Difference").waitFor({ timeout: 60_000 });
      await shot(page, "cockpit-dm-after-actions");
      await page.context().close();
    });

    it("lets the DM act in place: blockers, dependencies, decisions, escalations", async () => {
      const page = await signIn("dm@baton.demo");
      await page.goto(`${base}/engagements/acme-mobile`);
      const blockers = page.locator("#blockers");
      await blockers.waitFor({ timeout: 60_000 });

      // Mark a blocker by hand on an item, then resolve it.
      await blockers.getByRole("button", { name: "Mark blocked" }).click();
      const mark = page.locator("form[aria-label='Mark blocked']");
      await mark.locator("input[name=title]").fill(`Waiting for test devices ${XSS_IMG}`);
      await mark.locator("input[name=item]").fill("ACME-231");
      await mark.locator("input[name=owner]").fill("Acme IT");
      await mark.locator("input[name=note]").fill("asked on Monday");
      await mark.getByRole("button", { name: "Mark blocked" }).click();
      const marked = blockers.locator("li", { hasText: "Waiting for test devices" });
      await marked.getByText("ACME-231").waitFor();
      await marked.getByRole("button", { name: /Resolve blocker/ }).click();
      await marked.waitFor({ state: "detached" });

      // Add a dependency; one that would close a loop is refused with the loop named.
      const addDependency = async (title: string, dependent: string, on: string) => {
        const form = page.locator("form[aria-label='Add dependency']");
        if ((await form.count()) === 0)
          await blockers.getByRole("button", { name: "Add dependency" }).click();
        await form.locator("input[name=title]").fill(title);
        await form.locator("input[name=dependent]").fill(dependent);
        await form.locator("select[name=onKind]").selectOption("item");
        await form.locator("input[name=on]").fill(on);
        await form.locator("input[name=owner]").fill("the pod");
        await form.getByRole("button", { name: "Add dependency" }).click();
        return form;
      };
      await addDependency("Push settings API", "ACME-230", "ACME-231");
      const dependency = blockers.locator("li", { hasText: "Push settings API" });
      await dependency.getByText("ACME-230 waits on ACME-231").waitFor();
      const loop = await addDependency("Invoice export first", "ACME-231", "ACME-230");
      await loop
        .getByRole("alert")
        .getByText(/dependencies form a cycle: ACME-23\d → ACME-23\d → ACME-23\d/)
        .waitFor();
      await blockers.getByRole("button", { name: "Cancel", exact: true }).first().click();
      expect(await loop.count()).toBe(0);

      // Propose a decision asked of the customer.
      const decisions = page.locator("#decisions");
      await decisions.getByRole("button", { name: "Propose decision" }).click();
      const propose = page.locator("form[aria-label='Propose decision']");
      await propose.locator("input[name=title]").fill("Push provider for notifications");
      await propose.locator("textarea[name=context]").fill(`Notifications need a provider ${XSS_SCRIPT}`);
      await propose.locator("textarea[name=options]").fill("Firebase\nOneSignal");
      await propose.getByLabel(/Ask the customer to decide/).check();
      await propose.getByRole("button", { name: "Propose decision" }).click();
      const proposed = decisions.locator("li", { hasText: "Push provider for notifications" });
      await proposed.getByText("awaiting customer").waitFor();
      // The DM may also settle one: reject the demo's payments decision with a reason.
      const payments = decisions.locator("li", { hasText: "Payments provider for checkout" });
      await payments.getByRole("button", { name: "Reject…" }).click();
      await payments
        .getByPlaceholder("Why it is rejected")
        .fill("both providers wait on the customer's contract");
      await payments.getByRole("button", { name: "Reject decision" }).click();
      await payments.getByText("Decided: Rejected: both providers wait on the customer's contract").waitFor();

      // Resolve the escalation raised earlier, then rate it.
      const escalations = page.locator("#escalations");
      const raised = escalations.locator("li", { hasText: "QA environment down" });
      await raised.getByRole("button", { name: "Resolve…" }).click();
      await raised.getByPlaceholder("How it was resolved").fill("Acme IT restored the environment");
      await raised.getByRole("button", { name: "Resolve escalation" }).click();
      await raised.getByText("Resolved: Acme IT restored the environment").waitFor();
      await raised.getByRole("button", { name: "Warranted", exact: true }).click();
      await raised.getByText("warranted", { exact: true }).waitFor();

      // The graph draws the open dependencies and lays a milestone's critical path over them.
      const graph = blockers.locator("figure.dep-graph");
      await graph.locator("svg .dg-node", { hasText: "ACME-231" }).waitFor();
      expect(await graph.locator("svg .dg-edge.overdue").count()).toBeGreaterThan(0);
      expect(await graph.locator("table tbody tr").count()).toBe(await graph.locator("svg .dg-edge").count());
      await graph.locator("select[name=criticalPath]").selectOption("Billing release");
      await graph.locator(".critical-summary").getByText("can finish").waitFor({ timeout: 60_000 });
      await blockers.scrollIntoViewIfNeeded();
      await shot(page, "cockpit-dm-actions");
      // Nothing of the panel spills out of the page.
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBe(1440);

      // The dependency delivered: marked met, it leaves the open list.
      await dependency.getByRole("button", { name: /^Met/ }).click();
      await dependency.waitFor({ state: "detached" });
      await page.context().close();
    });

    it("lets the director write a missed milestone's record, then close it once complete", async () => {
      const miss = (await listMissesOf(store)).find((m) => m.status === "open");
      expect(miss).toBeDefined();
      const page = await signIn("director@baton.demo");
      await page.goto(`${base}/engagements/${miss!.engagementId}`);
      const record = page.locator("#milestones li", { hasText: "missed · record open" }).first();
      await record.waitFor({ timeout: 60_000 });
      await record
        .getByText(/still needs cause, recovery plan, new date, what the customer was told/)
        .waitFor();
      expect(await record.getByRole("button", { name: "Close record" }).count()).toBe(0);

      // A new date before the missed target is refused before it is sent; what was typed is kept.
      await record.getByRole("button", { name: "Write record…" }).click();
      const form = record.locator("form");
      await form.locator("textarea[name=cause]").fill(`Payments sandbox outage ${XSS_IMG}`);
      await form.locator("textarea[name=recoveryPlan]").fill("Two engineers moved from search for a sprint");
      const newDate = form.locator("input[name=newDate]");
      await newDate.fill("2020-01-01");
      await form.locator("textarea[name=customerCommunication]").fill("Told the sponsor on the weekly call");
      await form.getByRole("button", { name: "Save record" }).click();
      expect(
        await newDate.evaluate(
          (input) => (input as unknown as { validity: { rangeUnderflow: boolean } }).validity.rangeUnderflow,
        ),
      ).toBe(true);
      expect(await form.locator("textarea[name=cause]").inputValue()).toContain("Payments sandbox outage");
      const later = new Date(Date.parse(`${miss!.targetDate}T00:00:00Z`) + 21 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      await newDate.fill(later);
      await form.getByRole("button", { name: "Save record" }).click();
      await form.waitFor({ state: "detached" });
      await record.getByText("Cause: Payments sandbox outage").waitFor();
      // The owner is named, not shown by id.
      expect(await record.locator(".item-meta").textContent()).not.toContain(`owner ${miss!.ownerId}`);
      await record.scrollIntoViewIfNeeded();
      await shot(page, "cockpit-missed-milestone");

      await record.getByRole("button", { name: "Close record" }).click();
      const closed = page.locator("#milestones li", { hasText: "record closed" }).first();
      await closed.getByText("Customer told: Told the sponsor on the weekly call").waitFor();
      expect((await listMissesOf(store)).find((m) => m.id === miss!.id)?.status).toBe("closed");
      await page.context().close();
    });

    it("lets the DM edit and publish the weekly report, showing the diff first", async () => {
      const page = await signIn("dm@baton.demo");
      await page.goto(`${base}/engagements/acme-mobile/reports`);
      await page.getByRole("button", { name: "Prepare weekly draft" }).click();
      const editor = page.locator("textarea[aria-label='Report markdown']");
      await editor.waitFor();
      const note = `Customer note from the DM: ${XSS_IMG} ${XSS_SCRIPT}`;
      await editor.fill(`${await editor.inputValue()}\n\n${note}\n`);
      await page.locator("section[aria-label='Preview']").getByText("Customer note from the DM").waitFor();
      await page.getByRole("button", { name: "Save draft" }).click();
      await page.getByRole("button", { name: "Saved" }).waitFor();
      await page.getByRole("button", { name: "Publish…" }).click();
      const confirm = page.locator("section[aria-label='Publish this report']");
      await confirm.locator(".diff").getByText(note, { exact: false }).first().waitFor();
      await shot(page, "report-publish-diff");
      await confirm.getByRole("button", { name: /Publish v1/ }).click();
      await page.getByText("v1 · current").waitFor();
      await shot(page, "report-published");
      await page.context().close();
    });

    it("shows the customer their published report and nothing else", async () => {
      const page = await signIn("acme@customer.demo");
      await page.getByRole("heading", { name: "Your engagements" }).waitFor();
      const cards = page.locator("section.panel h2 a");
      await cards.first().waitFor();
      expect((await cards.allTextContents()).sort()).toEqual(["Acme Mobile App", "Acme Payments Platform"]);
      await shot(page, "customer-home");

      await page.click("a[href='/engagements/acme-mobile']");
      await page.getByText("Customer note from the DM").waitFor({ timeout: 60_000 });
      // The published text keeps markup as text; escalations the DM made visible can be acknowledged.
      await page.getByText(`QA environment down ${XSS_IMG}`, { exact: true }).waitFor();
      expect(await page.locator("#signals, #flow, #reviews").count()).toBe(0);
      // The decision the DM asked of them, with its options to choose from.
      await page.getByRole("button", { name: "Choose: OneSignal" }).waitFor();
      // The monthly question: the customer answers in the portal, and their DM sees it.
      await page.locator("#csat label.csat-score", { hasText: /^9$/ }).click();
      await page.fill("#csat textarea", "Clear weekly updates");
      await page.getByRole("button", { name: "Send my answer" }).click();
      await page.getByText(/Thank you: we recorded 9 for/).waitFor();
      const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1))
        .toISOString()
        .slice(0, 7);
      const answers = await store.db
        .selectFrom("csatResponses")
        .select(["score", "comment", "month", "via"])
        .where("engagementId", "=", "acme-mobile")
        .execute();
      expect(answers).toEqual([{ score: 9, comment: "Clear weekly updates", month, via: "portal" }]);
      await shot(page, "customer-engagement");

      // Another customer's engagement, a draft and internal pages: a clear "not available", by URL too.
      const draftId = `acme-mobile-weekly-${today(new Date())}`;
      for (const path of [
        "/engagements/globex-data",
        "/engagements/globex-data/reports",
        `/engagements/acme-mobile/reports?report=${draftId}`,
        "/scorecards/dana-whitfield",
        "/no/such/page",
      ]) {
        await page.goto(`${base}${path}`);
        await page.getByRole("heading", { name: "Not available" }).waitFor({ timeout: 30_000 });
      }
      await shot(page, "customer-not-available");
      expect(await page.locator("nav[aria-label='Main']").textContent()).not.toContain("Globex");
      await page.context().close();
    });

    it("shows a specialist their pod's cockpit without the DM's actions, and charts in dark mode", async () => {
      const page = await signIn("specialist@baton.demo", "dark");
      await page.getByRole("heading", { name: "Your pods" }).waitFor();
      await page.locator("main a[href^='/engagements/']").first().click();
      await page.locator("#flow svg").first().waitFor({ timeout: 60_000 });
      expect(await page.getByRole("button", { name: "Raise escalation" }).count()).toBe(0);
      for (const name of ["Mark blocked", "Add dependency", "Propose decision", "Resolve…", "Met"])
        expect(await page.getByRole("button", { name }).count()).toBe(0);
      // They read the dependency graph all the same.
      await page.locator("#blockers figure.dep-graph").waitFor();
      expect(await page.locator("#signals").getByRole("button", { name: "Dismiss…" }).count()).toBe(0);
      // Every chart carries its data as a table for screen readers.
      expect(await page.locator("figure.chart table").count()).toBe(
        await page.locator("figure.chart svg").count(),
      );
      // The value under the pointer.
      const canvas = page.locator("#reviews .chart-canvas").first();
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      expect(box).not.toBeNull();
      await page.mouse.move(box!.x + box!.width * 0.6, box!.y + box!.height * 0.5);
      await page.locator("#reviews .tip").waitFor();
      expect(await page.locator("#reviews .tip").textContent()).toMatch(/\d/);
      await shot(page, "cockpit-specialist-dark");
      await page.context().close();
    });

    it("finds what the user may see and shows stored markup as text everywhere", async () => {
      const page = await signIn("dm@baton.demo");
      await page.goto(`${base}/search?q=QA%20environment`);
      await page.getByText(`QA environment down ${XSS_IMG}`).first().waitFor();
      await shot(page, "search");
      await page.context().close();
      expect(dialogs).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  },
);
