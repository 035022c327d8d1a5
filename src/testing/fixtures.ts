import type { Engagement } from "../domain/types.ts";
import { saveCustomer, saveEngagement } from "../store/engagements.ts";
import type { Db } from "../store/store.ts";

/** The engagement most tests ingest into: Acme Mobile, two-week sprints, an 8-hour review SLA. */
export const testEngagement = (overrides: Partial<Engagement> = {}): Engagement => ({
  id: "acme-mobile",
  customerId: "acme",
  name: "Acme Mobile",
  status: "active",
  sprintLengthDays: 14,
  reportDay: "fri",
  reviewSla: { firstReviewHours: 8 },
  timeZone: "Europe/Berlin",
  startDate: "2026-01-05",
  ...overrides,
});

/** Stores a test engagement and its customer; returns the engagement. */
export const seedEngagement = async (db: Db, overrides: Partial<Engagement> = {}): Promise<Engagement> => {
  const engagement = testEngagement(overrides);
  await saveCustomer(db, { id: engagement.customerId, name: "Acme" });
  await saveEngagement(db, engagement);
  return engagement;
};
