// The install layouts of one app (install-layouts.test.ts): where `edgeplate` and its platforms come
// from, and what else sits in the app's node_modules. Each returns an installed app folder.
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { createLinkedApp } from "../engine/test/linked-app.ts";

const exec = promisify(execFile);
const repo = join(import.meta.dirname, "..");
const fixtures = join(import.meta.dirname, "fixtures");
const engine = JSON.parse(readFileSync(join(repo, "engine/package.json"), "utf8")) as { peerDependencies: Record<string, string> };

export const PLATFORMS = ["node-server", "bun", "deno", "cloudflare"];

export interface Layout {
  id: "a" | "b" | "c" | "d";
  name: string;
  create: (tarballs: Tarballs) => Promise<string>;
}

/** Package name → packed tarball path. */
export type Tarballs = Record<string, string>;

export const LAYOUTS: Layout[] = [
  { id: "a", name: "workspace", create: async () => workspaceApp() },
  { id: "b", name: "packed tarballs, npm install", create: (tarballs) => packedApp(tarballs) },
  { id: "c", name: "linked engine (pnpm-like)", create: async () => createLinkedApp({ files: fixtureFiles(), platforms: PLATFORMS }) },
  { id: "d", name: "packed + unstorage 2 beta, h3 1, db0 0.3 hoisted", create: (tarballs) => conflictingApp(tarballs) },
];

/** Inside the repo, as every starter and smoke test is built today. */
function workspaceApp(): string {
  mkdirSync(join(import.meta.dirname, ".tmp"), { recursive: true });
  const app = mkdtempSync(join(import.meta.dirname, ".tmp", "layouts-"));
  cpSync(join(fixtures, "layouts"), app, { recursive: true });
  return app;
}

/**
 * `npm pack` of the engine and the four platforms. Without the `prepack` script: vitest's global
 * setup has just built dist/ (scripts/vitest-setup.mjs), and rebuilding it here would swap it under
 * the other test files that read it meanwhile.
 */
export async function packTarballs(into: string): Promise<Tarballs> {
  const workspaces = ["engine", ...PLATFORMS.map((p) => `platforms/${p}`)].flatMap((w) => ["-w", w]);
  const { stdout } = await npm(repo, ["pack", "--ignore-scripts", "--json", "--pack-destination", into, ...workspaces]);
  const packed = JSON.parse(stdout) as { name: string; filename: string }[];
  return Object.fromEntries(packed.map(({ name, filename }) => [name, join(into, filename)]));
}

/**
 * Layout (b) installed by npm running on another Node (its binary): the engine's packages must
 * install and build there too. Without better-sqlite3, whose addon this machine can only compile
 * for its own Node (node-gyp has no headers for another one offline): the caller picks a database.
 */
export async function packedAppOn(node: string, tarballs: Tarballs): Promise<string> {
  const app = outsideApp("packed-other-node");
  writeManifest(app, { ...fileDeps(tarballs), ioredis: engine.peerDependencies.ioredis! });
  await npm(app, ["install", "--no-audit", "--no-fund", "--prefer-offline"], {}, node);
  return app;
}

/** What a user outside the repo does: tarballs in package.json, `npm install`. */
async function packedApp(tarballs: Tarballs, extra: Record<string, string> = {}, app = outsideApp("packed")): Promise<string> {
  writeManifest(app, { ...fileDeps(tarballs), ...ownClients(), ...extra });
  await npmInstall(app);
  return app;
}

/**
 * Layout (b) in an app that already had `legacy-lib` (standing for nitro), whose unstorage 2 beta,
 * h3 1 and db0 0.3 npm therefore hoists to the app's top level; the engine's majors are nested
 * under node_modules/edgeplate. A tarball, not a `file:` folder: npm would link a folder and
 * install its dependencies inside it, not in the app.
 */
async function conflictingApp(tarballs: Tarballs): Promise<string> {
  const app = outsideApp("conflicting");
  const vendor = join(app, "vendor");
  mkdirSync(vendor);
  await npm(join(fixtures, "legacy-lib"), ["pack", "--pack-destination", vendor]);
  const legacy = { "legacy-lib": `file:./vendor/${readdirSync(vendor)[0]}` };
  writeManifest(app, legacy);
  await npmInstall(app);
  return packedApp(tarballs, legacy, app);
}

function outsideApp(kind: string): string {
  const app = mkdtempSync(join(tmpdir(), `edgeplate-${kind}-`));
  cpSync(join(fixtures, "layouts"), app, { recursive: true });
  return app;
}

function fixtureFiles(): Record<string, string> {
  const dir = join(fixtures, "layouts");
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name !== "package.json");
  return Object.fromEntries(files.map((e) => [relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name), "utf8")]));
}

function fileDeps(tarballs: Tarballs): Record<string, string> {
  return Object.fromEntries(Object.entries(tarballs).map(([name, path]) => [name, `file:${path}`]));
}

/** The optional peers this app's default database and Redis mount need, as a user installs them. */
function ownClients(): Record<string, string> {
  return { "better-sqlite3": repoBetterSqlite().version, ioredis: engine.peerDependencies.ioredis! };
}

function writeManifest(app: string, dependencies: Record<string, string>): void {
  const manifest = JSON.parse(readFileSync(join(fixtures, "layouts/package.json"), "utf8")) as object;
  writeFileSync(join(app, "package.json"), `${JSON.stringify({ ...manifest, dependencies }, null, 2)}\n`);
}

/**
 * No GitHub here, so better-sqlite3's install cannot download its prebuilt binary and compiles
 * SQLite instead (about 90 s on 2 cores). It is handed the repo's build of the same version as that
 * download (prebuild-install's `local-prebuilds`), as GitHub's runners would fetch it.
 */
async function npmInstall(app: string): Promise<void> {
  const { dir, version } = repoBetterSqlite();
  const prebuilds = join(app, ".prebuilds");
  mkdirSync(prebuilds, { recursive: true });
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await exec("tar", ["czf", join(prebuilds, name), "-C", dir, "build/Release/better_sqlite3.node"]);
  await npm(app, ["install", "--no-audit", "--no-fund", "--prefer-offline"], { npm_config_better_sqlite3_local_prebuilds: prebuilds });
}

function repoBetterSqlite(): { dir: string; version: string } {
  const manifest = createRequire(join(repo, "engine/package.json")).resolve("better-sqlite3/package.json");
  return { dir: dirname(manifest), version: (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version };
}

/**
 * npm without the `npm_*` variables of an `npm test` above this process: `npm_config_local_prefix`
 * and friends would point the child at the repository instead of `cwd`.
 */
function npm(cwd: string, args: string[], env: Record<string, string> = {}, node?: string) {
  if (args[0] === "install" && !relative(repo, cwd).startsWith("..")) throw new Error(`refusing to npm install inside the repository (${cwd})`);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== "INIT_CWD"));
  const options = { cwd, env: { ...clean, ...env }, maxBuffer: 16 * 1024 * 1024 };
  // npm's own script run by the given Node (npm's launcher would pick the first `node` on PATH).
  return node ? exec(node, [realpathSync(execFileSync("which", ["npm"], { encoding: "utf8" }).trim()), ...args], options) : exec("npm", args, options);
}
