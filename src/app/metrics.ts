import { type DoraReport, doraMetrics } from "../engine/dora.ts";
import { type ReviewMetrics, reviewMetrics } from "../engine/reviews.ts";
import type { Store } from "../store/store.ts";
import { loadHistory } from "./history.ts";
import { parseTimeWindow } from "./time-window.ts";

/** Raw time flags as a CLI or HTTP request gives them. */
export interface WindowInput {
  readonly asOf?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** DORA's four keys for an engagement over a window, as of a moment. */
export const doraReport = async (
  store: Store,
  engagementId: string,
  input: WindowInput,
  now: Date,
): Promise<DoraReport> => {
  const window = parseTimeWindow(input, now);
  const history = await loadHistory(store, engagementId);
  return doraMetrics(history, window.asOf, window);
};

/** Code-review clocks and SLA adherence for an engagement: requests made in the window, as of a moment. */
export const reviewReport = async (
  store: Store,
  engagementId: string,
  input: WindowInput,
  now: Date,
): Promise<ReviewMetrics> => {
  const window = parseTimeWindow(input, now);
  const history = await loadHistory(store, engagementId);
  return reviewMetrics(history, window.asOf, { from: window.from, to: window.to });
};
