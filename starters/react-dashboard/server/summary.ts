import { defineCachedFunction } from "edgeplate/cache";
import { allExpenses, CATEGORIES, today, type Category } from "./expenses.ts";

export const RANGES = [7, 30, 90] as const;
export type Range = (typeof RANGES)[number];
/** Seconds a summary stays fresh; after that it is served stale once while a refresh runs. */
export const SUMMARY_MAX_AGE = 60;

export interface Summary {
  days: Range;
  from: string;
  to: string;
  total: number;
  count: number;
  dailyAverage: number;
  byCategory: { category: Category; total: number }[];
  daily: { date: string; total: number }[];
  computedAt: string;
}

/**
 * Totals over the last `days` days. Reading and summing the whole ledger is the expensive part,
 * so results are cached per range with stale-while-revalidate: viewers get an instant answer
 * and at most one refresh per range runs at a time.
 */
export const getSummary = defineCachedFunction(computeSummary, {
  name: "summary",
  maxAge: SUMMARY_MAX_AGE,
  swr: true,
  getKey: (days: Range) => String(days),
});

/** Drops every range's summary, so a new or deleted expense shows at once. */
export async function invalidateSummaries(): Promise<void> {
  await Promise.all(RANGES.map((days) => getSummary.invalidate(days)));
}

async function computeSummary(days: Range): Promise<Summary> {
  const to = today();
  const from = new Date(Date.parse(to) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const inRange = (await allExpenses()).filter((e) => e.date >= from && e.date <= to);
  const byCategory = new Map<Category, number>(CATEGORIES.map((c) => [c, 0]));
  const daily = new Map<string, number>();
  for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) daily.set(new Date(t).toISOString().slice(0, 10), 0);
  let total = 0;
  for (const e of inRange) {
    total += e.amount;
    byCategory.set(e.category, byCategory.get(e.category)! + e.amount);
    daily.set(e.date, (daily.get(e.date) ?? 0) + e.amount);
  }
  return {
    days,
    from,
    to,
    total,
    count: inRange.length,
    dailyAverage: Math.round(total / days),
    byCategory: [...byCategory].map(([category, sum]) => ({ category, total: sum })).sort((a, b) => b.total - a.total),
    daily: [...daily].map(([date, sum]) => ({ date, total: sum })),
    computedAt: new Date().toISOString(),
  };
}

export function parseRange(value: unknown): Range | undefined {
  return RANGES.find((r) => String(r) === String(value));
}
