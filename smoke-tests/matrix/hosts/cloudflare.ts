// workerd through Miniflare, configured by wrangler's own reading of the generated
// `.output/server/wrangler.json` (platforms/cloudflare/miniflare.ts), served on a real socket.
//
// The deploy check: `start` runs `dryRunDeploy(dir)` (`wrangler deploy --dry-run` of the copied
// output: no network, no login) before its first start of an output folder and fails with
// wrangler's error in one line; the restart reuses that result, and the cold start is timed after
// it. A runner that wants the failure counted under its build check calls `dryRunDeploy(dir)`
// itself first: `start` then reuses that same result instead of running wrangler again.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { promisify, stripVTControlCharacters } from "node:util";
import { miniflareOptions } from "@edgeplate/platform-cloudflare/miniflare";
import { waitForReady } from "./ready.ts";
import type { HostCell, RunningCell, StartCellOptions } from "./types.ts";

// The miniflare and wrangler that the platform package itself resolves, not whichever is nearest.
const platformRequire = createRequire(createRequire(import.meta.url).resolve("@edgeplate/platform-cloudflare/package.json"));
const versionOf = (name: string) => (JSON.parse(readFileSync(platformRequire.resolve(`${name}/package.json`), "utf8")) as { version: string }).version;

const cell: HostCell = {
  get runtime() {
    return `workerd via miniflare ${versionOf("miniflare")}, config read by wrangler ${versionOf("wrangler")}`;
  },
  start: startWorkerCell,
};

export default cell;

async function startWorkerCell(dir: string, { env, persistDir, readyPath }: StartCellOptions): Promise<RunningCell> {
  await dryRunDeploy(dir);
  let log = "";
  const collect = (stream: Readable) => stream.on("data", (d: Buffer) => (log += d));
  // Port 0: Miniflare picks a free one on 127.0.0.1 and `ready` says which.
  const options = miniflareOptions({
    serverDir: join(dir, ".output/server"),
    persistDir,
    vars: env,
    port: 0,
    handleRuntimeStdio: (out: Readable, err: Readable) => (collect(out), collect(err)),
  });
  const { Miniflare } = platformRequire("miniflare") as typeof import("miniflare");
  // The cold start is the isolate's: from `new Miniflare` (workerd spawned, the worker loaded), not
  // wrangler's reading of the config before it.
  const started = performance.now();
  const mf = new Miniflare(options);
  try {
    const url = (await mf.ready).origin;
    await waitForReady(url, readyPath);
    const coldStartMs = performance.now() - started;
    return { url, fetch: (path, init) => fetch(url + path, init), coldStartMs, output: () => log, stop: () => mf.dispose() };
  } catch (error) {
    await mf.dispose();
    throw new Error(`cloudflare: ${(error as Error).message}\n${log}`, { cause: error });
  }
}

export interface DryRunResult {
  /** wrangler's `Total Upload: … KiB / gzip: … KiB` line. */
  upload: string;
  /** wrangler's warnings about the config, one line each (none for a clean build). */
  warnings: string[];
  stdout: string;
}

/**
 * `wrangler deploy --dry-run` of the output copied to `dir`: wrangler reads the generated
 * `.output/server/wrangler.json`, checks the bindings, modules and assets, and writes the upload to a
 * temp folder instead of sending it (no network, no login). Once per folder: a second call
 * answers the first one's result.
 * @throws wrangler's error, one line: what it says is wrong, and in which config.
 */
export function dryRunDeploy(dir: string): Promise<DryRunResult> {
  const key = resolve(dir);
  let run = dryRuns.get(key);
  if (!run) dryRuns.set(key, (run = runDryRun(key)));
  return run;
}

// One dry run per output folder and process: `start` and the runner share it.
const dryRuns = new Map<string, Promise<DryRunResult>>();

async function runDryRun(dir: string): Promise<DryRunResult> {
  const config = join(dir, ".output/server/wrangler.json");
  const outdir = mkdtempSync(join(tmpdir(), "edgeplate-wrangler-dry-run-"));
  const bin = join(dirname(platformRequire.resolve("wrangler/package.json")), "bin/wrangler.js");
  // Its logs go to the temp folder too, not the user's ~/.config/.wrangler; no banner, so no
  // registry look-up for a newer wrangler either.
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true", WRANGLER_LOG_PATH: outdir, NO_COLOR: "1" };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, "deploy", "--dry-run", "--outdir", outdir, "--config", config], {
      cwd: dir,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (!stdout.includes("--dry-run: exiting now.")) throw Object.assign(new Error("no `--dry-run: exiting now.`"), { stdout, stderr });
    return { upload: lineOf(stdout, "Total Upload:") ?? "", warnings: tagged(stderr, "[WARNING]"), stdout };
  } catch (error) {
    const { stdout = "", stderr = "", message } = error as { stdout?: string; stderr?: string; message: string };
    const reason = tagged(stderr + stdout, "[ERROR]")[0] ?? (stderr.trim().split("\n").at(-1) || message);
    throw new Error(`wrangler deploy --dry-run --config ${config} failed: ${reason}`, { cause: error });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The text after `tag` on each line of wrangler's output that has it (`✘ [ERROR] …`, `▲ [WARNING] …`). */
function tagged(output: string, tag: string): string[] {
  return stripVTControlCharacters(output)
    .split("\n")
    .filter((line) => line.includes(tag))
    .map((line) => line.slice(line.indexOf(tag) + tag.length).trim());
}

function lineOf(output: string, prefix: string): string | undefined {
  return stripVTControlCharacters(output)
    .split("\n")
    .find((line) => line.startsWith(prefix))
    ?.trim();
}
