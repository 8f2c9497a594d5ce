import { defineHandler } from "edgeplate";
import { readBody } from "edgeplate/h3";
import { addExpense, parseExpense } from "../../server/expenses.ts";
import { invalidateSummaries } from "../../server/summary.ts";

export default defineHandler(async (event) => {
  const expense = await addExpense(parseExpense(await readBody(event)));
  await invalidateSummaries();
  event.res.status = 201;
  return { expense };
});
