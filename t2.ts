import { launchChromium } from "./src/browser.ts";
const b = await launchChromium();
const p = await b.newPage({ viewport: { width: 760, height: 640 } });
await p.goto("file:///tmp/charts/charts.html");
await p.screenshot({ path: "/tmp/charts/top.png", clip: { x: 0, y: 0, width: 760, height: 640 } });
await b.close();
