import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";

// infra/PLATFORMS.md is generated (scripts/platforms-doc.mjs): `npm test` fails when it is stale.
const root = join(import.meta.dirname, "..");
const script = join(root, "scripts/platforms-doc.mjs");
const tmp = mkdtempSync(join(tmpdir(), "edgeplate-platforms-doc-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

test("infra/PLATFORMS.md matches the platform definitions and infra/smoke-results.json", () => {
  const run = spawnSync(process.execPath, [script, "--check"], { cwd: root, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
});

test("a stale copy fails with one line naming the first differing line and the fix", () => {
  const stale = join(tmp, "PLATFORMS.md");
  const lines = readFileSync(join(root, "infra/PLATFORMS.md"), "utf8").split("\n");
  const row = lines.findIndex((line) => line.startsWith("| default database |"));
  lines[row] = "| default database | hand-edited |";
  writeFileSync(stale, lines.join("\n"));
  const run = spawnSync(process.execPath, [script, "--check", "--doc", stale], { cwd: root, encoding: "utf8" });
  expect(run.status).toBe(1);
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
  expect(run.stderr).toContain(`is stale at line ${row + 1}: has \`| default database | hand-edited |\``);
  expect(run.stderr).toContain("Run `npm run platforms:doc` and commit the file.");
});

test("--help describes the flags", () => {
  const help = execFileSync(process.execPath, [script, "--help"], { cwd: root, encoding: "utf8" });
  for (const flag of ["--check", "--from", "--doc", "--results"]) expect(help).toContain(flag);
});

const cell = (platform: string, coldStartMs: number) => ({
  starter: "minimal",
  platform,
  runtime: `${platform} runtime`,
  gaps: null,
  ok: true,
  coldStartMs,
  bundleGzipKB: 50,
  checks: { build: "pass", coldStart: "pass", bundle: "pass", swr: "pass", storage: "pass", persist: "pass" },
  failures: [],
});

test("a partial run replaces only its own cells, an older one none, and unmeasured cells say so", () => {
  const recorded = join(tmp, "recorded.json");
  const doc = join(tmp, "merged.md");
  const run = (fresh: object) => {
    const from = join(tmp, "fresh.json");
    writeFileSync(from, JSON.stringify(fresh));
    execFileSync(process.execPath, [script, "--from", from, "--results", recorded, "--doc", doc], { cwd: root, encoding: "utf8" });
    return JSON.parse(readFileSync(recorded, "utf8")) as { cells: (ReturnType<typeof cell> & { recordedFrom: string })[] };
  };
  const january = "2026-01-01T00:00:00.000Z";
  writeFileSync(
    recorded,
    JSON.stringify({ version: 1, node: "v20", startedAt: january, cells: [cell("node-server", 100), cell("bun", 200)].map((c) => ({ ...c, recordedFrom: january, node: "v20" })) }),
  );

  const failing = { ...cell("deno", 90), ok: false, failures: [`swr: ${"x".repeat(400)}\n${"host output\n".repeat(1000)}`] };
  const merged = run({ version: 1, node: "v20", startedAt: "2026-02-01T00:00:00.000Z", cells: [cell("node-server", 150), failing] });
  // A failure keeps its first line, bounded: a host's whole output stays in the run's own matrix.md.
  expect(merged.cells.find((c) => c.platform === "deno")?.failures).toEqual([`swr: ${"x".repeat(295)}…`]);
  expect(merged.cells.map((c) => [c.platform, c.coldStartMs, c.recordedFrom])).toEqual([
    ["node-server", 150, "2026-02-01T00:00:00.000Z"],
    ["bun", 200, january],
    ["deno", 90, "2026-02-01T00:00:00.000Z"],
  ]);
  const lines = readFileSync(doc, "utf8").split("\n");
  const columns = lines
    .find((line) => line.startsWith("| | "))!
    .split(" | ")
    .slice(1);
  const coldStart = Object.fromEntries(
    lines
      .find((line) => line.startsWith("| cold start"))!
      .split(" | ")
      .slice(1)
      .map((value, i) => [columns[i]!.replace(/ \|$/, ""), value.replace(/ \|$/, "")]),
  );
  expect(coldStart).toMatchObject({
    "node-server": "150 ms (1 starter)",
    bun: "200 ms (1 starter)",
    cloudflare: "not measured yet",
    static: "— (no server: not in the smoke matrix)",
  });

  const older = run({ version: 1, node: "v20", startedAt: "2025-12-01T00:00:00.000Z", cells: [cell("node-server", 999)] });
  expect(older.cells.find((c) => c.platform === "node-server")?.coldStartMs).toBe(150);
});
