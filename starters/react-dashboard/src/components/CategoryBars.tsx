import type { Summary } from "../api.ts";
import { formatMoney } from "../format.ts";

export function CategoryBars({ summary }: { summary: Summary }) {
  const max = Math.max(1, ...summary.byCategory.map((c) => c.total));
  return (
    <section className="card" aria-labelledby="by-category">
      <h2 id="by-category">By category</h2>
      <ul className="bars">
        {summary.byCategory.map(({ category, total }) => (
          <li key={category}>
            <span className="bar-label">{category}</span>
            <span className="bar-track" aria-hidden="true">
              <span className="bar" style={{ width: `${(total / max) * 100}%` }} />
            </span>
            <span className="bar-value">{formatMoney(total)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
