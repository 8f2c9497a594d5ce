// Calls to the app's own API; the shapes are the server's (server/*.ts).
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

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { ...init, headers: { "content-type": "application/json", ...init?.headers } });
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(body.message ?? `Request failed (${res.status})`, res.status, body.data?.fields);
  return body as T;
}

const json = (method: string, data: unknown): RequestInit => ({ method, body: JSON.stringify(data) });

export const api = {
  summary: (days: Range) => call<{ summary: Summary; cache: CacheInfo }>(`/api/summary?days=${days}`),
  expenses: () => call<{ expenses: Expense[] }>("/api/expenses?limit=10").then((r) => r.expenses),
  addExpense: (input: { amount: string; category: string; date: string; note: string }) => call<{ expense: Expense }>("/api/expenses", json("POST", input)).then((r) => r.expense),
  removeExpense: (id: string) => call<void>(`/api/expenses/${encodeURIComponent(id)}`, { method: "DELETE" }),
  preferences: () => call<{ preferences: Preferences }>("/api/preferences").then((r) => r.preferences),
  savePreferences: (input: Partial<Preferences>) => call<{ preferences: Preferences }>("/api/preferences", json("PUT", input)).then((r) => r.preferences),
};
