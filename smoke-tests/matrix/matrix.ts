// The smoke matrix: every selected starter built for every selected platform and run by that
// platform's host cell (hosts/<platform>.ts), with the checks of checks.ts and the budgets of
// budgets.json. run.mjs is the command; this is what it runs (under vitest, which loads TypeScript).
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { budgetFor, BUDGETS_FILE, loadBudgets } from "./budgets.ts";
import { buildStarter, copyOutput, serverGzipKB } from "./build.ts";
import { checkStoragePersists, checkStorageWrite, checkSwr, type StoredValue } from "./checks.ts";
import type { HostCell, RunningCell } from "./hosts/types.ts";
import { PERSISTS, PLATFORMS, SERVER_DIR, SKIPPED } from "./platforms.ts";
import { CHECKS, formatTable, writeResults, type CellResult, type CheckName, type MatrixResults } from "./report.ts";
import { starters as allStarters, type MatrixStarter } from "./starters.ts";

export interface MatrixOptions {
  starters?: MatrixStarter[];
  platforms?: string[];
  /** Folders of starters/ that starters.ts has no entry for: their cells fail, saying so. */
  unlisted?: string[];
  /** Where matrix.json and matrix.md go; `null` writes nothing. */
  resultsDir?: string | null;
  log?: (line: string) => void;
}

const HOSTS_DIR = join(import.meta.dirname, "hosts");
export const RESULTS_DIR = join(import.meta.dirname, "../.results");

const STARTERS_DIR = join(import.meta.dirname, "../../starters");

/**
 * Splits `--starter a,b` / `--platform p` selections. Starters are the folders of starters/: one
 * that starters.ts has no entry for is `unlisted`, and its cells fail (a new starter is never left
 * out of the matrix silently).
 */
export function select(
  starterNames: string | undefined,
  platformNames: string | undefined,
): { starters: MatrixStarter[]; unlisted: string[]; platforms: string[]; skipped: string[] } {
  const split = (v: string | undefined) =>
    v
      ? v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  const folders = readdirSync(STARTERS_DIR).filter((name) => existsSync(join(STARTERS_DIR, name, "package.json")));
  const wanted = split(starterNames);
  for (const name of wanted) {
    if (!folders.includes(name)) throw new Error(`--starter ${name}: no such folder starters/${name}; use one of ${folders.join(", ")}.`);
  }
  const picked = split(platformNames);
  for (const name of picked) {
    if (!(PLATFORMS as readonly string[]).includes(name) && !SKIPPED[name])
      throw new Error(`--platform ${name}: no such platform; use one of ${[...PLATFORMS, ...Object.keys(SKIPPED)].join(", ")}.`);
  }
  const names = wanted.length > 0 ? wanted : folders;
  const platforms = picked.length > 0 ? picked : [...PLATFORMS, ...Object.keys(SKIPPED)];
  return {
    starters: allStarters.filter((s) => names.includes(s.name)),
    unlisted: names.filter((name) => !allStarters.some((s) => s.name === name)),
    platforms: platforms.filter((p) => !SKIPPED[p]),
    skipped: platforms.filter((p) => SKIPPED[p]),
  };
}

/** Runs every cell, one after the other (2 cores here: parallel cells would measure each other). */
export async function runMatrix(options: MatrixOptions = {}): Promise<MatrixResults> {
  const { starters = allStarters, platforms = [...PLATFORMS], unlisted = [], resultsDir = RESULTS_DIR, log = (line) => console.log(line) } = options;
  const startedAt = new Date().toISOString();
  const cells: CellResult[] = unlisted.flatMap((name) => platforms.map((platform) => unlistedCell(name, platform)));
  for (const starter of starters) {
    for (const platform of platforms) {
      const started = performance.now();
      const cell = await runCell(starter, platform, (line) => log(`[matrix] ${starter.name} × ${platform}: ${line}`));
      log(`[matrix] ${starter.name} × ${platform}: ${cell.ok ? "ok" : `FAILED (${cell.failures.length})`} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      cells.push(cell);
    }
  }
  const results: MatrixResults = { version: 1, node: process.version, startedAt, cells };
  log(`\n${formatTable(cells)}\n`);
  if (resultsDir) {
    writeResults(resultsDir, results, { starters: allStarters.map((s) => s.name), platforms: [...PLATFORMS] });
    log(`[matrix] wrote ${join(resultsDir, "matrix.json")} and matrix.md`);
  }
  return results;
}

function unlistedCell(starter: string, platform: string): CellResult {
  const checks: CellResult["checks"] = {
    build: "n/a: no matrix entry",
    coldStart: "n/a: no matrix entry",
    bundle: "n/a: no matrix entry",
    swr: "n/a: no matrix entry",
    storage: "n/a: no matrix entry",
    persist: "n/a: no matrix entry",
  };
  const failure = `starters/${starter} has no entry in smoke-tests/matrix/starters.ts: add its ready path, cached route and storage round trip`;
  return { starter, platform, runtime: "none", gaps: null, ok: false, coldStartMs: null, bundleGzipKB: null, checks, failures: [failure] };
}

async function loadHost(platform: string): Promise<HostCell | string> {
  const file = join(HOSTS_DIR, `${platform}.ts`);
  if (!existsSync(file)) return `no host cell: smoke-tests/matrix/hosts/${platform}.ts is missing`;
  try {
    const cell = ((await import(file)) as { default?: HostCell }).default;
    if (typeof cell?.start !== "function") return `smoke-tests/matrix/hosts/${platform}.ts has no default export with start(): export a HostCell (hosts/types.ts)`;
    return cell;
  } catch (error) {
    return `smoke-tests/matrix/hosts/${platform}.ts failed to load: ${(error as Error).message.split("\n")[0]}`;
  }
}

/**
 * A failure as the table lists it and matrix.json keeps it: the first lines, at most 1,500
 * characters (a host's error may carry all of its output, megabytes of repeated stack traces).
 */
function clip(message: string): string {
  const lines = message.split("\n");
  let text = lines.slice(0, 12).join("\n");
  if (text.length > 1500) text = `${text.slice(0, 1500)}…`;
  return lines.length > 12 ? `${text}\n    … (${lines.length - 12} more lines)` : text;
}

/** A failure's message, plus the host's last output lines when it came from the running app. */
function describe(error: unknown, running?: RunningCell): string {
  const message = (error as Error)?.message ?? String(error);
  const tail = running?.output().trim().split("\n").slice(-8).join("\n    ");
  return tail ? `${message}\n    host output: ${tail}` : message;
}

async function runCell(starter: MatrixStarter, platform: string, progress: (line: string) => void): Promise<CellResult> {
  const checks: CellResult["checks"] = {
    build: "n/a: not run",
    coldStart: "n/a: not run",
    bundle: "n/a: not run",
    swr: "n/a: not run",
    storage: "n/a: not run",
    persist: "n/a: not run",
  };
  const result: CellResult = { starter: starter.name, platform, runtime: "none", gaps: null, ok: false, coldStartMs: null, bundleGzipKB: null, checks, failures: [] };
  const fail = (check: CheckName, message: string) => {
    checks[check] = "fail";
    result.failures.push(`${check}: ${clip(message)}`);
  };
  const budget = (metric: "coldStartMs" | "bundleGzipKB" | "staleMs") => budgetFor(loadBudgets(), metric, starter.name, platform);

  const host = await loadHost(platform);
  if (typeof host === "string") {
    for (const c of CHECKS) checks[c] = "n/a: no host cell";
    result.failures.push(host);
    return result;
  }
  result.runtime = host.runtime;
  result.gaps = host.gaps ?? null;

  const setup = starter.setup?.(platform) ?? {};
  progress("building");
  try {
    await buildStarter(starter.dir, platform, setup.buildEnv);
    checks.build = "pass";
  } catch (error) {
    fail("build", describe(error));
    return result;
  }
  result.bundleGzipKB = serverGzipKB(join(starter.dir, SERVER_DIR[platform] ?? ".output/server"));
  const bundleBudget = budget("bundleGzipKB");
  if (result.bundleGzipKB > bundleBudget) fail("bundle", `server bundle ${result.bundleGzipKB} KB gzip, over the ${bundleBudget} KB budget (${BUDGETS_FILE})`);
  else checks.bundle = "pass";

  const dir = copyOutput(starter.dir, platform);
  const persistDir = mkdtempSync(join(tmpdir(), `edgeplate-matrix-persist-${platform}-`));
  const startOptions = { env: setup.env ?? {}, persistDir, readyPath: starter.readyPath };
  const runId = randomUUID().slice(0, 8);
  let running: RunningCell | undefined;
  try {
    progress(`starting (${host.runtime})`);
    try {
      running = await host.start(dir, startOptions);
    } catch (error) {
      fail("coldStart", `the host did not answer 200 on ${starter.readyPath}: ${describe(error)}`);
      return result;
    }
    result.coldStartMs = Math.round(running.coldStartMs);
    const coldBudget = budget("coldStartMs");
    if (result.coldStartMs > coldBudget) fail("coldStart", `cold start ${result.coldStartMs} ms, over the ${coldBudget} ms budget (${BUDGETS_FILE})`);
    else checks.coldStart = "pass";

    progress(`swr on ${starter.cached.path} (maxAge ${starter.cached.maxAge} s)`);
    try {
      const failures = await checkSwr(running, starter.cached, runId, budget("staleMs"));
      if (failures.length > 0) failures.forEach((f) => fail("swr", f));
      else checks.swr = "pass";
    } catch (error) {
      fail("swr", describe(error, running));
    }

    if (setup.noStorage) {
      checks.storage = checks.persist = `n/a: ${setup.noStorage}`;
      return finish(result);
    }
    progress("storage");
    let stored: StoredValue | undefined;
    try {
      const written = await checkStorageWrite(running, starter.storage, `matrix-${runId}-${Date.now()}`);
      stored = written.stored;
      if (written.failures.length > 0) written.failures.forEach((f) => fail("storage", f));
      else checks.storage = "pass";
    } catch (error) {
      fail("storage", describe(error, running));
    }

    const where = setup.persists ?? PERSISTS[platform]?.[starter.storage.kind];
    if (!where)
      checks.persist = `n/a: ${platform} keeps ${starter.storage.kind === "kv" ? "the data mount" : "the default database"} in memory by default (no store of its own that outlives the process)`;
    else if (!stored) checks.persist = "n/a: nothing was stored";
    else {
      progress("restart on the same persistDir");
      try {
        await running.stop();
        running = undefined;
        running = await host.start(dir, startOptions);
        const failures = await checkStoragePersists(running, starter.storage, stored, where);
        if (failures.length > 0) failures.forEach((f) => fail("persist", f));
        else checks.persist = "pass";
      } catch (error) {
        fail("persist", `restart: ${describe(error, running)}`);
      }
    }
  } finally {
    await running?.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    rmSync(persistDir, { recursive: true, force: true });
  }
  return finish(result);
}

function finish(result: CellResult): CellResult {
  result.ok = result.failures.length === 0;
  return result;
}
