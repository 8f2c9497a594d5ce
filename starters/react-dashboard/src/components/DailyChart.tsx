import type { Summary } from "../api.ts";
import { formatDay, formatMoney } from "../format.ts";

/** One bar per day; the table next to it is what screen readers get. */
export function DailyChart({ summary }: { summary: Summary }) {
  const max = Math.max(1, ...summary.daily.map((d) => d.total));
  const width = 100 / summary.daily.length;
  return (
    <section className="card" aria-labelledby="per-day">
      <h2 id="per-day">Per day</h2>
      <svg className="chart" viewBox="0 0 100 40" preserveAspectRatio="none" aria-hidden="true">
        {summary.daily.map((d, i) => {
          const h = (d.total / max) * 38;
          return <rect key={d.date} x={i * width + width * 0.15} y={40 - h} width={width * 0.7} height={h} rx={0.4} />;
        })}
      </svg>
      <p className="axis" aria-hidden="true">
        <span>{formatDay(summary.from)}</span>
        <span>{formatDay(summary.to)}</span>
      </p>
      <table className="visually-hidden">
        <caption>Spending per day</caption>
        <tbody>
          {summary.daily.map((d) => (
            <tr key={d.date}>
              <th scope="row">{formatDay(d.date)}</th>
              <td>{formatMoney(d.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
