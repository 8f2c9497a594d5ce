// The matrix as people read it (the printed table, matrix.md) and as tools read it (matrix.json,
// which `npm run platforms:doc` turns into infra/PLATFORMS.md).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const CHECKS = ["build", "coldStart", "bundle", "swr", "storage", "persist"] as const;
export type CheckName = (typeof CHECKS)[number];
/** `n/a: <why>` when the check could not apply or did not run. */
export type CheckState = "pass" | "fail" | `n/a: ${string}`;

export interface CellResult {
  starter: string;
  platform: string;
  runtime: string;
  gaps: string | null;
  ok: boolean;
  coldStartMs: number | null;
  bundleGzipKB: number | null;
  checks: Record<CheckName, CheckState>;
  failures: string[];
}

export interface MatrixResults {
  version: 1;
  node: string;
  startedAt: string;
  cells: CellResult[];
}

function cellText(cell: CellResult | undefined): string {
  if (!cell) return "";
  const figures = [cell.coldStartMs === null ? null : `${cell.coldStartMs} ms`, cell.bundleGzipKB === null ? null : `${cell.bundleGzipKB} KB`].filter(Boolean);
  return `${cell.ok ? "✓" : "✗"} ${figures.join(" · ") || "not run"}`;
}

function rows(cells: CellResult[]): { platforms: string[]; table: string[][] } {
  const starters = [...new Set(cells.map((c) => c.starter))];
  const platforms = [...new Set(cells.map((c) => c.platform))];
  const table = starters.map((s) => [s, ...platforms.map((p) => cellText(cells.find((c) => c.starter === s && c.platform === p)))]);
  return { platforms, table };
}

function failureLines(cells: CellResult[]): string[] {
  return cells.filter((c) => !c.ok).flatMap((c) => c.failures.map((f) => `${c.starter} × ${c.platform}: ${f}`));
}

/** The table for a terminal: starter × platform, cold start and gzip bundle per cell, failures below. */
export function formatTable(cells: CellResult[]): string {
  const { platforms, table } = rows(cells);
  const header = ["starter", ...platforms];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i]!)).join("  ");
  const failed = failureLines(cells);
  const passed = cells.filter((c) => c.ok).length;
  return [
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...table.map(line),
    "",
    `${passed} of ${cells.length} cells passed (cold start: spawn or isolate creation → first 200; KB: gzip of the server JS).`,
    ...(failed.length > 0 ? ["", "Failures:", ...failed.map((f) => `  - ${f}`)] : []),
  ].join("\n");
}

export function formatMarkdown(results: MatrixResults): string {
  const { platforms, table } = rows(results.cells);
  const failed = failureLines(results.cells);
  const gaps = results.cells.filter((c) => c.gaps).map((c) => `${c.platform}: ${c.gaps}`);
  return [
    "# Smoke matrix",
    "",
    `Node ${results.node}, run started ${results.startedAt}. Each cell: cold start (spawn or isolate creation → first 200) · gzip KB of the server JS the host runs.`,
    "",
    `| starter | ${platforms.join(" | ")} |`,
    `| --- | ${platforms.map(() => "---").join(" | ")} |`,
    ...table.map((r) => `| ${r.join(" | ")} |`),
    "",
    ...(failed.length > 0 ? ["## Failures", "", ...failed.map((f) => `- ${f.replaceAll("\n", " ")}`), ""] : []),
    ...(gaps.length > 0 ? ["## What the local runtimes do not cover", "", ...[...new Set(gaps)].map((g) => `- ${g}`), ""] : []),
  ].join("\n");
}

/**
 * Writes matrix.json and matrix.md under `dir`. Cells of an earlier run that this run did not
 * repeat are kept (`--platform a` then `--platform b` add up to one matrix); repeated ones are replaced.
 */
export function writeResults(dir: string, results: MatrixResults, order: { starters: string[]; platforms: string[] }): MatrixResults {
  const file = join(dir, "matrix.json");
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<MatrixResults>) : undefined;
  const ran = new Set(results.cells.map((c) => `${c.starter}/${c.platform}`));
  const kept = earlier?.version === 1 ? (earlier.cells ?? []).filter((c) => !ran.has(`${c.starter}/${c.platform}`)) : [];
  const rank = (list: string[], name: string) => (list.includes(name) ? list.indexOf(name) : list.length);
  const cells = [...kept, ...results.cells].sort(
    (a, b) => rank(order.starters, a.starter) - rank(order.starters, b.starter) || rank(order.platforms, a.platform) - rank(order.platforms, b.platform),
  );
  const merged: MatrixResults = { ...results, cells };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  writeFileSync(join(dir, "matrix.md"), formatMarkdown(merged));
  return merged;
}
