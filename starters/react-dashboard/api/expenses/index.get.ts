import { defineHandler } from "edgeplate";
import { allExpenses } from "../../server/expenses.ts";

export default defineHandler(async (event) => {
  const limit = Math.min(Math.max(Number(event.url.searchParams.get("limit")) || 20, 1), 100);
  return { expenses: (await allExpenses()).slice(0, limit) };
});
