import { HTTPError } from "edgeplate";
import { useStorage } from "edgeplate/storage";
import { CATEGORIES, type Category } from "./categories.ts";

export { CATEGORIES, type Category };

export interface Expense {
  id: string;
  /** In cents, so sums never drift. */
  amount: number;
  category: Category;
  /** Day of the expense, `YYYY-MM-DD`. */
  date: string;
  note: string;
  createdAt: string;
}

export type ExpenseInput = Pick<Expense, "amount" | "category" | "date" | "note">;
export type FieldErrors = Partial<Record<keyof ExpenseInput, string>>;

const expenses = () => useStorage<Expense>("data:expenses");
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// What the form's text field sends (12, 12.50, .5); Number() would also take "0x10", "1e3" or " ".
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** Today in UTC; summaries count whole UTC days. */
export const today = (): string => dayOf(Date.now());

/** Dollars, as a JSON number or a decimal string, in cents; NaN for anything else (true, [5], null). */
function toCents(value: unknown): number {
  const dollars = typeof value === "number" ? value : typeof value === "string" && DECIMAL.test(value.trim()) ? Number(value) : NaN;
  return Math.round(dollars * 100);
}

/** Date.parse rolls 2024-02-31 over to March 2; a real day reads back unchanged. */
function isCalendarDay(day: string): boolean {
  const ms = Date.parse(day);
  return Number.isFinite(ms) && dayOf(ms) === day;
}

/** Checks a new expense; the 400 carries one message per field for the form. */
export function parseExpense(input: unknown): ExpenseInput {
  const data = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
  const fields: FieldErrors = {};
  const amount = toCents(data.amount);
  if (!Number.isFinite(amount)) fields.amount = "Enter an amount, like 12.50.";
  else if (amount <= 0) fields.amount = "The amount must be more than 0.";
  else if (amount > 100_000_000) fields.amount = "Amounts over 1,000,000 need a finance review, not a dashboard.";
  const category = CATEGORIES.find((c) => c === data.category);
  if (!category) fields.category = `Pick one of: ${CATEGORIES.join(", ")}.`;
  const date = typeof data.date === "string" ? data.date : "";
  if (!DAY.test(date)) fields.date = "Enter the day of the expense.";
  else if (!isCalendarDay(date)) fields.date = "That day is not on the calendar.";
  // A viewer east of UTC is already in tomorrow: allow one day of lead.
  else if (date > dayOf(Date.now() + 86_400_000)) fields.date = "The day cannot be in the future.";
  const note = typeof data.note === "string" ? data.note.trim() : "";
  if (note.length > 140) fields.note = `Keep the note under 140 characters (it has ${note.length}).`;
  if (Object.keys(fields).length > 0) throw new HTTPError({ status: 400, message: "Some fields need fixing.", data: { fields } });
  return { amount, category: category!, date, note };
}

export async function addExpense(input: ExpenseInput): Promise<Expense> {
  const expense: Expense = { id: crypto.randomUUID(), ...input, createdAt: new Date().toISOString() };
  await expenses().setItem(expense.id, expense);
  return expense;
}

export async function removeExpense(id: string): Promise<void> {
  if (!(await expenses().hasItem(id))) throw new HTTPError({ status: 404, message: "This expense does not exist (it may have been deleted)." });
  await expenses().removeItem(id);
}

/** Every expense, newest day first. A team's ledger stays small enough to read whole. */
export async function allExpenses(): Promise<Expense[]> {
  const items = await expenses().getItems(await expenses().getKeys());
  return items
    .map((item) => item.value as Expense | null)
    .filter((e): e is Expense => !!e)
    .sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt));
}
