import type { WorkingCalendar } from "../src/domain/types.ts";
import { workingMsBetween } from "../src/engine/calendar.ts";
import { type Benchmark, result, timeBest } from "./harness.ts";

const BERLIN: WorkingCalendar = {
  timeZone: "Europe/Berlin",
  workingDays: [1, 2, 3, 4, 5],
  workStart: "09:00",
  workEnd: "17:00",
  holidays: ["2026-04-03", "2026-04-06", "2026-05-01", "2026-12-25"],
};

/**
 * Review-SLA clocks ask "how many working hours between these two instants?" for every request.
 * 100,000 such questions on a Berlin calendar (DST, holidays), against plain wall-clock
 * subtraction of the same spans: the price of calendar awareness.
 */
export const calendarBenchmark: Benchmark = {
  name: "calendar",
  async run() {
    const start = Date.UTC(2026, 0, 1);
    const queries = Array.from({ length: 100_000 }, (_, i) => {
      const from = start + ((i * 7_919_777) % (300 * 86_400_000));
      return [from, from + ((i * 104_729) % (5 * 86_400_000))] as const;
    });
    let sink = 0;
    const working = await timeBest(() => {
      for (const [from, to] of queries) sink += workingMsBetween(BERLIN, from, to);
    });
    const wall = await timeBest(() => {
      for (const [from, to] of queries) sink += Math.max(0, to - from);
    });
    return [
      result(
        "100,000 working-hour spans (Berlin, DST, holidays)",
        working,
        "ms",
        wall,
        "wall-clock subtraction",
        `${Math.round(100_000 / (working / 1000)).toLocaleString("en")} spans/s (checksum ${sink > 0 ? "ok" : "zero"})`,
      ),
    ];
  },
};
