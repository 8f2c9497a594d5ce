import type { Expense } from "../api.ts";
import { formatDay, formatMoney } from "../format.ts";

export function RecentExpenses({ expenses, onRemove }: { expenses: Expense[]; onRemove: (id: string) => void }) {
  return (
    <section className="card" aria-labelledby="recent">
      <h2 id="recent">Latest expenses</h2>
      {expenses.length === 0 ? (
        <p className="muted">Nothing recorded yet. Add the first expense.</p>
      ) : (
        <table className="recent">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Category</th>
              <th scope="col">Note</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {expenses.map((e) => (
              <tr key={e.id}>
                <td>{formatDay(e.date)}</td>
                <td>{e.category}</td>
                <td className="note">{e.note}</td>
                <td className="num">{formatMoney(e.amount)}</td>
                <td>
                  <button type="button" className="link" aria-label={`Delete ${formatMoney(e.amount)} ${e.category} expense`} onClick={() => onRemove(e.id)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
