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
  for (const flag of ["--check", "--from", "--doc"]) expect(help).toContain(flag);
});
