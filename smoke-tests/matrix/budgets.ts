// The budgets of budgets.json, looked up for one cell.
import { readFileSync } from "node:fs";

export type Metric = "coldStartMs" | "bundleGzipKB" | "staleMs";
type Budgets = Record<Metric, Record<string, number>>;

export const BUDGETS_FILE = "smoke-tests/matrix/budgets.json";

export function loadBudgets(file = new URL("budgets.json", import.meta.url)): Budgets {
  return JSON.parse(readFileSync(file, "utf8")) as Budgets;
}

/** The budget for `metric` in one cell: `starter/platform`, then the starter, then the platform, then `default`. */
export function budgetFor(budgets: Budgets, metric: Metric, starter: string, platform: string): number {
  const table = budgets[metric];
  const budget = table[`${starter}/${platform}`] ?? table[starter] ?? table[platform] ?? table.default;
  if (budget === undefined) throw new Error(`${BUDGETS_FILE} has no \`${metric}.default\`: add one (a number).`);
  return budget;
}
