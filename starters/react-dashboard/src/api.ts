// Calls to the app's own API through `$fetch` from `edgeplate/client` (ofetch: JSON in and out,
// errors as `FetchError` with the server's error body in `data`); the shapes are the server's
// (server/*.ts).
import { $fetch, FetchError } from "edgeplate/client";
import type { Expense, ExpenseInput, FieldErrors } from "../server/expenses.ts";
import type { Preferences } from "../server/preferences.ts";
import type { Range, Summary } from "../server/summary.ts";

export type { Expense, ExpenseInput, FieldErrors, Preferences, Range, Summary };
export { CATEGORIES } from "../server/categories.ts";

export interface CacheInfo {
  cached: boolean;
  stale: boolean;
  ageSeconds: number;
  maxAge: number;
}

/** An API error; a 400 carries one message per invalid field. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

function toApiError(error: unknown): never {
  if (!(error instanceof FetchError)) throw error;
  const body = error.data as { message?: string; data?: { fields?: Record<string, string> } } | undefined;
  throw new ApiError(body?.message ?? `Request failed (${error.status ?? "no response"})`, error.status ?? 0, body?.data?.fields);
}

// No response types written here: each call's type is its route's return value, from the route
// types `edgeplate prepare` writes to .edgeplate/types/ (`npm run typecheck`).
export const api = {
  summary: (days: Range): Promise<{ summary: Summary; cache: CacheInfo }> => $fetch("/api/summary", { query: { days } }).catch(toApiError),
  expenses: (): Promise<Expense[]> => $fetch("/api/expenses", { query: { limit: 10 } }).then((r) => r.expenses, toApiError),
  addExpense: (input: { amount: string; category: string; date: string; note: string }): Promise<Expense> =>
    $fetch("/api/expenses", { method: "POST", body: input }).then((r) => r.expense, toApiError),
  removeExpense: (id: string): Promise<void> => $fetch(`/api/expenses/${encodeURIComponent(id)}` as const, { method: "DELETE" }).then(() => undefined, toApiError),
  preferences: (): Promise<Preferences> => $fetch("/api/preferences").then((r) => r.preferences, toApiError),
  savePreferences: (input: Partial<Preferences>): Promise<Preferences> => $fetch("/api/preferences", { method: "PUT", body: input }).then((r) => r.preferences, toApiError),
};
