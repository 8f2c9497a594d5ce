import type { Summary } from "../api.ts";
import { formatMoney } from "../format.ts";

export function Kpis({ summary }: { summary: Summary }) {
  const top = summary.byCategory[0];
  const items = [
    { label: `Spent in ${summary.days} days`, value: formatMoney(summary.total) },
    { label: "Expenses", value: String(summary.count) },
    { label: "Per day", value: formatMoney(summary.dailyAverage) },
    { label: "Top category", value: top && top.total > 0 ? top.category : "—" },
  ];
  return (
    <dl className="kpis">
      {items.map((item) => (
        <div key={item.label} className="card">
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
