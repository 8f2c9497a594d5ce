import { defineHandler } from "edgeplate";
import { getRouterParam, noContent } from "edgeplate/h3";
import { removeExpense } from "../../server/expenses.ts";
import { invalidateSummaries } from "../../server/summary.ts";

export default defineHandler(async (event) => {
  await removeExpense(getRouterParam(event, "id") ?? "");
  await invalidateSummaries();
  return noContent();
});
