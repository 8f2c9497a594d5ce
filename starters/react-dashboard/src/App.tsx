import { useCallback, useEffect, useState } from "react";
import { api, type CacheInfo, type Expense, type Preferences, type Summary } from "./api.ts";
import { CacheBadge } from "./components/CacheBadge.tsx";
import { CategoryBars } from "./components/CategoryBars.tsx";
import { DailyChart } from "./components/DailyChart.tsx";
import { ExpenseForm } from "./components/ExpenseForm.tsx";
import { Kpis } from "./components/Kpis.tsx";
import { RecentExpenses } from "./components/RecentExpenses.tsx";
import { Toolbar } from "./components/Toolbar.tsx";

export function App() {
  const [preferences, setPreferences] = useState<Preferences>();
  const [data, setData] = useState<{ summary: Summary; cache: CacheInfo }>();
  const [expenses, setExpenses] = useState<Expense[]>([]);
  const [error, setError] = useState("");

  useEffect(() => {
    api.preferences().then(setPreferences, (e: Error) => setError(`Could not load your preferences: ${e.message}`));
  }, []);

  const days = preferences?.days;
  const reload = useCallback(async () => {
    if (!days) return;
    try {
      const [summary, recent] = await Promise.all([api.summary(days), api.expenses()]);
      setData(summary);
      setExpenses(recent);
      setError("");
    } catch (e) {
      setError(`Could not load the dashboard: ${(e as Error).message}`);
    }
  }, [days]);
  useEffect(() => void reload(), [reload]);

  useEffect(() => {
    if (preferences) document.documentElement.dataset.theme = preferences.theme;
  }, [preferences]);

  async function updatePreferences(change: Partial<Preferences>) {
    setPreferences((p) => p && { ...p, ...change });
    try {
      setPreferences(await api.savePreferences(change));
    } catch (e) {
      setError(`Could not save your preferences: ${(e as Error).message}`);
    }
  }

  return (
    <>
      <header className="top">
        <div>
          <h1>Team spending</h1>
          {data && <CacheBadge summary={data.summary} cache={data.cache} />}
        </div>
        {preferences && <Toolbar preferences={preferences} onChange={updatePreferences} />}
      </header>
      {error && (
        <p className="banner" role="alert">
          {error}
        </p>
      )}
      <main>
        {data ? (
          <>
            <Kpis summary={data.summary} />
            <div className="grid">
              <DailyChart summary={data.summary} />
              <CategoryBars summary={data.summary} />
            </div>
          </>
        ) : (
          !error && <p className="muted">Loading the numbers…</p>
        )}
        <div className="grid">
          <ExpenseForm onAdded={reload} />
          <RecentExpenses expenses={expenses} onRemove={(id) => api.removeExpense(id).then(reload, (e: Error) => setError(e.message))} />
        </div>
      </main>
    </>
  );
}
