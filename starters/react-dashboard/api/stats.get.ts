import { defineCachedHandler } from "edgeplate/cache";
import { allExpenses } from "../server/expenses.ts";

/**
 * All-time headline numbers for a wall display or a status page, which poll often: cached for 3 s
 * with stale-while-revalidate, so a room of screens costs one ledger read per refresh (`x-cache`
 * says HIT, MISS or STALE). Unlike `/api/summary` it is not invalidated on writes.
 */
export default defineCachedHandler(
  async () => {
    const expenses = await allExpenses();
    return { count: expenses.length, total: expenses.reduce((sum, e) => sum + e.amount, 0), computedAt: new Date().toISOString() };
  },
  { maxAge: 3, swr: true },
);
