import { useState, type FormEvent } from "react";
import { api, ApiError, CATEGORIES } from "../api.ts";
import { localToday } from "../format.ts";

type Field = "amount" | "category" | "date" | "note";

export function ExpenseForm({ onAdded }: { onAdded: () => Promise<void> }) {
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = Object.fromEntries(new FormData(form)) as Record<Field, string>;
    setBusy(true);
    setStatus("");
    try {
      await api.addExpense(data);
      setErrors({});
      form.reset();
      setStatus("Expense added.");
      await onAdded();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        setErrors(error.fields);
        const first = (["amount", "category", "date", "note"] as const).find((f) => error.fields[f]);
        if (first) (form.elements.namedItem(first) as HTMLElement | null)?.focus();
      } else {
        setStatus((error as Error).message);
      }
    } finally {
      setBusy(false);
    }
  }

  const field = (name: Field) => ({
    id: `expense-${name}`,
    name,
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": `expense-${name}-error`,
  });
  const error = (name: Field) => (
    <p id={`expense-${name}-error`} className="error" aria-live="polite">
      {errors[name]}
    </p>
  );

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="add-expense">
      <h2 id="add-expense">Add an expense</h2>
      <div className="field">
        <label htmlFor="expense-amount">Amount (USD)</label>
        <input {...field("amount")} type="text" inputMode="decimal" placeholder="42.50" autoComplete="off" />
        {error("amount")}
      </div>
      <div className="field">
        <label htmlFor="expense-category">Category</label>
        <select {...field("category")} defaultValue="Software">
          {CATEGORIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        {error("category")}
      </div>
      <div className="field">
        <label htmlFor="expense-date">Day</label>
        <input {...field("date")} type="date" defaultValue={localToday()} />
        {error("date")}
      </div>
      <div className="field wide">
        <label htmlFor="expense-note">Note</label>
        <input {...field("note")} type="text" placeholder="What was it for?" />
        {error("note")}
      </div>
      <div className="wide actions">
        <button type="submit" disabled={busy}>
          Add expense
        </button>
        <p className="muted" role="status">
          {status}
        </p>
      </div>
    </form>
  );
}
