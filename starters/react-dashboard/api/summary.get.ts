import { defineHandler, HTTPError } from "edgeplate";
import { getSummary, parseRange, SUMMARY_MAX_AGE } from "../server/summary.ts";

/** The dashboard's numbers, plus when they were computed and whether this answer came from the cache. */
export default defineHandler(async (event) => {
  const days = parseRange(event.url.searchParams.get("days") ?? 30);
  if (!days) throw new HTTPError({ status: 400, message: "`days` must be 7, 30 or 90." });
  const requestedAt = Date.now();
  const summary = await getSummary(days);
  const ageSeconds = Math.max(0, Math.round((requestedAt - Date.parse(summary.computedAt)) / 1000));
  // Computed before this request started: the cached function did not run for us.
  const cached = Date.parse(summary.computedAt) < requestedAt;
  return { summary, cache: { cached, stale: cached && ageSeconds > SUMMARY_MAX_AGE, ageSeconds, maxAge: SUMMARY_MAX_AGE } };
});
