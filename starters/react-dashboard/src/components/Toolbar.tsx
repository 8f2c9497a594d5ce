import type { Preferences, Range } from "../api.ts";

const RANGES: Range[] = [7, 30, 90];

/** Per-viewer settings; each change is saved on the server right away. */
export function Toolbar({ preferences, onChange }: { preferences: Preferences; onChange: (change: Partial<Preferences>) => void }) {
  return (
    <div className="toolbar">
      <fieldset className="segmented">
        <legend className="visually-hidden">Period</legend>
        {RANGES.map((days) => (
          <label key={days}>
            <input type="radio" name="days" value={days} checked={preferences.days === days} onChange={() => onChange({ days })} />
            <span>{days} days</span>
          </label>
        ))}
      </fieldset>
      <label className="theme">
        <span>Theme</span>
        <select value={preferences.theme} onChange={(e) => onChange({ theme: e.target.value as Preferences["theme"] })}>
          <option value="system">System</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
    </div>
  );
}
