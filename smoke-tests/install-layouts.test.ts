// One app (fixtures/layouts: default cache, default SQLite, a Redis mount, a route rule), installed
// four ways and built by its own CLI for four hosts; each output runs copied to an empty folder.
// Issue 9: the default cache broke when another unstorage major sat in the app's node_modules, and
// the default database when the engine was linked. A matrix of the cells prints at the end.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir } from "../engine/test/helpers.ts";
import { checkApp } from "./layout-checks.ts";
import { buildWithAppCli, startOutput } from "./layout-hosts.ts";
import { LAYOUTS, PLATFORMS, packTarballs, type Layout } from "./layouts.ts";

const REDIS_URL = process.env.REDIS_URL;
const NO_REDIS = !REDIS_URL && "REDIS_URL is not set (CI sets it; e.g. REDIS_URL=redis://127.0.0.1:6379)";
// Seen in miniflare: the first request reaches Redis, every later one hangs until workerd cancels it.
const NO_SHARED_SOCKET =
  "workerd ties a TCP socket to the request that opened it, so ioredis' one shared connection serves only the first request; a Worker reaches Redis over HTTP (the upstash driver)";
// Without Redis the mount is still configured (a closed port, never used): a mount whose
// EDGEPLATE_STORAGE_* option is missing currently fails every mount, the default cache too.
const SERVER_ENV = { EDGEPLATE_STORAGE_REDIS_URL: REDIS_URL || "redis://127.0.0.1:9" };
if (NO_REDIS) console.log(`[install-layouts] SKIPPED the Redis mount checks: ${NO_REDIS}.`);
console.log(`[install-layouts] SKIPPED the Redis mount check on cloudflare: ${NO_SHARED_SOCKET}.`);

interface Prepared {
  app?: string;
  /** Why the layout could not be installed. */
  error?: Error;
  /** Platform → the copied output, or why its build failed. */
  outputs: Map<string, string | Error>;
}

const prepared = new Map<Layout["id"], Prepared>();
/** `<layout>|<platform>` → what the cell's test saw. */
const matrix = new Map<string, { summary: string; detail?: string }>();
const dirs: string[] = [];
const started = performance.now();
// Measured on 2 cores with a warm npm cache: packing, two installs and 16 builds take 40-47 s, each
// cell under a second. The limits leave room for a cold cache, not for a hang.
const PREPARE_TIMEOUT_MS = 300_000;
const CELL_TIMEOUT_MS = 30_000;

beforeAll(async () => {
  const packDir = mkdtempSync(join(tmpdir(), "edgeplate-tarballs-"));
  dirs.push(packDir);
  const tarballs = await packTarballs(packDir);
  // Layouts side by side (installs wait on disk and network, builds on the CPU); builds of one
  // layout one after the other, since they share the app's `.output/`.
  await Promise.all(LAYOUTS.map(async (layout) => prepared.set(layout.id, await prepare(layout, tarballs))));
  console.log(`[install-layouts] packed, installed and built in ${seconds()} s`);
}, PREPARE_TIMEOUT_MS);

afterAll(() => {
  printMatrix();
  dirs.forEach(removeDir);
});

for (const layout of LAYOUTS) {
  describe(`(${layout.id}) ${layout.name}`, () => {
    if (layout.id === "c") it("the app's node_modules holds only the links to the engine and the platforms", () => checkLinkedOnly(app(layout)));
    if (layout.id === "d") it("the app's top level holds the other majors, the engine's are nested", () => checkConflictingLayout(app(layout)));
    for (const platform of PLATFORMS) {
      const noRedis = NO_REDIS || (platform === "cloudflare" && NO_SHARED_SOCKET);
      it(noRedis ? `${platform} (Redis check skipped: ${noRedis})` : platform, () => runCell(layout, platform, !noRedis), CELL_TIMEOUT_MS);
    }
    if (layout.id === "d") it("listing h3@1 in the app's package.json fails the build in one line", () => checkListedClash(app(layout)), CELL_TIMEOUT_MS);
  });
}

async function prepare(layout: Layout, tarballs: Record<string, string>): Promise<Prepared> {
  const outputs = new Map<string, string | Error>();
  let app: string;
  try {
    app = await layout.create(tarballs);
    dirs.push(app);
  } catch (error) {
    return { error: error as Error, outputs };
  }
  for (const platform of PLATFORMS) {
    const out = await buildWithAppCli(app, platform).catch((error: Error) => error);
    if (typeof out === "string") dirs.push(out);
    outputs.set(platform, out);
  }
  return { app, outputs };
}

function app(layout: Layout): string {
  const state = prepared.get(layout.id);
  if (!state?.app) throw state?.error ?? new Error(`layout ${layout.id} was not prepared`);
  return state.app;
}

async function runCell(layout: Layout, platform: string, redis: boolean): Promise<void> {
  const cell = `${layout.id}|${platform}`;
  let stage = "install";
  try {
    app(layout);
    stage = "build";
    const out = prepared.get(layout.id)!.outputs.get(platform);
    if (typeof out !== "string") throw out;
    stage = "start";
    const server = await startOutput(platform, out, SERVER_ENV);
    const failed = await checkApp(server.fetch, { key: `${layout.id}-${platform}-${process.pid}-${Date.now()}`, redis }).finally(() => server.close());
    stage = failed.map((line) => line.slice(0, line.indexOf(":"))).join(", ");
    if (failed.length > 0) throw new Error(`${failed.join("\n")}\n--- ${platform} output ---\n${server.output()}`);
    matrix.set(cell, { summary: redis ? "pass" : "pass (no Redis check)" });
  } catch (error) {
    matrix.set(cell, { summary: `FAIL (${stage})`, detail: (error as Error).message.split("\n--- ")[0]! });
    throw error;
  }
}

function checkLinkedOnly(app: string): void {
  // Dot folders are what the builds wrote since (jiti's `.cache` of the compiled config), not installs.
  const installed = readdirSync(join(app, "node_modules")).filter((name) => !name.startsWith("."));
  expect(installed.sort()).toEqual(["@edgeplate", "edgeplate"]);
  expect(readdirSync(join(app, "node_modules/@edgeplate")).sort()).toEqual(PLATFORMS.map((p) => `platform-${p}`).sort());
}

function checkConflictingLayout(app: string): void {
  const at = (dir: string) => Object.fromEntries(["unstorage", "h3", "db0"].map((name) => [name, version(join(dir, "node_modules", name))]));
  expect(at(app)).toEqual({ unstorage: "2.0.0-beta.0", h3: expect.stringMatching(/^1\./), db0: "0.3.4" });
  expect(at(join(app, "node_modules/edgeplate"))).toEqual({ unstorage: expect.stringMatching(/^1\./), h3: expect.stringMatching(/^2\./), db0: expect.stringMatching(/^0\.4\./) });
}

async function checkListedClash(app: string): Promise<void> {
  const manifestFile = join(app, "package.json");
  const manifest = readFileSync(manifestFile, "utf8");
  const h3 = version(join(app, "node_modules/h3"));
  const needs = (JSON.parse(readFileSync(join(app, "node_modules/edgeplate/package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies.h3;
  // As `npm install h3@1` would list it; the hoisted copy already is that version.
  writeFileSync(manifestFile, JSON.stringify({ ...JSON.parse(manifest), dependencies: { ...JSON.parse(manifest).dependencies, h3: `^${h3}` } }));
  try {
    const error = (await buildWithAppCli(app, "node-server").catch((e: Error) => e)) as Error & { stderr?: string };
    expect(error).toBeInstanceOf(Error);
    expect(error.stderr?.trim().split("\n")).toEqual([
      `[edgeplate] [bundle] the app's \`h3@${h3}\` clashes with \`edgeplate\`, which needs \`h3@${needs}\`. Install a version in that range (\`npm install h3@"${needs}"\`) or remove \`h3\` from the app's package.json.`,
    ]);
  } finally {
    writeFileSync(manifestFile, manifest);
  }
}

function version(packageDir: string): string {
  return (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string }).version;
}

function seconds(): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}

function printMatrix(): void {
  const rows = LAYOUTS.map((l) => [`(${l.id}) ${l.name}`, ...PLATFORMS.map((p) => matrix.get(`${l.id}|${p}`)?.summary ?? "not run")]);
  const table = [["install layout × platform", ...PLATFORMS], ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const lines = table.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd(),
  );
  const details = LAYOUTS.flatMap((l) => PLATFORMS.flatMap((p) => (matrix.get(`${l.id}|${p}`)?.detail ? [`(${l.id}) × ${p}: ${matrix.get(`${l.id}|${p}`)!.detail}`] : [])));
  console.log(`[install-layouts] ${seconds()} s in all\n${[...lines, ...details].join("\n")}`);
}
