import { writeFileSync } from "node:fs";
import { engagementCharts } from "./src/app/metrics.ts";
import { chartSvg, chartTable, chartHover } from "./src/charts/index.ts";
import { openStore } from "./src/store/store.ts";
const store = await openStore("/tmp/demo.db");
const { charts } = await engagementCharts(store, "acme-mobile", {}, new Date("2026-11-27T18:00:00Z"));
let html = "<html><body style='background:#f7f8fa'>";
for (const c of charts) {
  html += chartSvg(c, { width: 720, height: 300, theme: "light" }) + "<br>";
  console.log(c.kind, c.title, JSON.stringify(chartTable(c).rows.slice(-2)), chartHover(c, { width: 720, height: 300 }, 400, 150)?.label);
}
html += "<div style='background:#111315'>" + charts.map((c) => chartSvg(c, { width: 720, height: 300, theme: "dark" })).join("<br>") + "</div></body></html>";
writeFileSync("/tmp/charts/charts.html", html);
await store.close();
