import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startCellProcess } from "./cell-process.ts";
import type { HostCell } from "./types.ts";

/** The isolated install of `@netlify/dev` (its own lockfile; see its package.json). */
const HOSTS = join(import.meta.dirname, "../../hosts");
const SERVE = join(HOSTS, "netlify-serve.mjs");
// Where the functions are, as the preset's deploy command passes it (`--functions`).
const FUNCTIONS = ".netlify/functions-internal";

/**
 * Netlify: the site run by `@netlify/dev` (Netlify's own emulation: functions in its worker pool,
 * `_redirects`, `_headers`, static files from `dist/`, Blobs) behind its HTTPServer, in a process
 * of its own. Blobs live in `<persistDir>/blobs-serve`, so they survive a restart.
 */
const netlify: HostCell = {
  get runtime() {
    return `@netlify/dev ${netlifyDevVersion()} (node ${process.version})`;
  },
  gaps: "no Netlify CDN cache (`Netlify-CDN-Cache-Control`, durable), edge functions, images or database; each function call runs in a fresh worker thread, so memory storage and cache do not outlive a request (Blobs do), and 'concurrent cold requests run the handler once' (per instance) is not checked here; a call is answered only once its waitUntil work has ended, so a STALE answer includes the refresh (staleMs 1000 there); each call's build folder is kept until the host stops (netlify-serve.mjs) because @netlify/dev removes it on answering while that work still runs; requests are handled one at a time (concurrent calls of one function race in @netlify/dev 5.1.3: smoke-tests/hosts/netlify-serve.mjs); @netlify/dev declares Node >= 22.12 and runs on this Node; cold start is process spawn → emulator up → first 200, which includes zip-it-and-ship-it packaging the function",
  async start(dir, { env, persistDir, readyPath }) {
    ensureHostsInstalled();
    writeNetlifyToml(dir);
    linkBlobs(dir, persistDir);
    const running = await startCellProcess(process.execPath, [SERVE, dir], { cwd: dir, env, readyPath, timeoutMs: 90_000 });
    return { ...running, instancePerRequest: "@netlify/dev runs every function call in a new worker thread" };
  },
};

export default netlify;

/** `npm ci` of smoke-tests/hosts when its node_modules is missing (CI installs it the same way). */
export function ensureHostsInstalled(): void {
  if (existsSync(join(HOSTS, "node_modules/@netlify/dev/package.json"))) return;
  execFileSync("npm", ["ci", "--prefix", HOSTS, "--no-audit", "--no-fund"], { stdio: "inherit" });
}

function netlifyDevVersion(): string {
  const file = join(HOSTS, "node_modules/@netlify/dev/package.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version : "(not installed)";
}

/**
 * netlify.toml as the deploy sees it: the starter's own (publish = "dist"), plus the functions
 * folder that `netlify deploy --functions` names on the command line, which `@netlify/dev` reads
 * from the file only.
 */
function writeNetlifyToml(dir: string): void {
  const file = join(dir, "netlify.toml");
  const own = existsSync(file) ? readFileSync(file, "utf8") : '[build]\n  publish = "dist"\n';
  if (!/^\s*publish\s*=\s*"dist\/?"/m.test(own)) throw new Error(`[smoke] ${file}: \`[build] publish\` must be "dist" (where the netlify build writes the site); set it.`);
  if (/^\s*\[functions\]|^\s*functions\s*=/m.test(own)) {
    if (!own.includes(FUNCTIONS)) throw new Error(`[smoke] ${file}: its functions folder is not \`${FUNCTIONS}\`, where the build writes the server function; remove the setting.`);
    return writeFileSync(file, own);
  }
  writeFileSync(file, `${own.trimEnd()}\n\n[functions]\n  directory = "${FUNCTIONS}"\n`);
}

/** `@netlify/dev` keeps Blobs in `<site>/.netlify/blobs-serve`; that folder is persistDir's. */
function linkBlobs(dir: string, persistDir: string): void {
  const blobs = join(persistDir, "blobs-serve");
  mkdirSync(blobs, { recursive: true });
  mkdirSync(join(dir, ".netlify"), { recursive: true });
  rmSync(join(dir, ".netlify/blobs-serve"), { recursive: true, force: true });
  symlinkSync(blobs, join(dir, ".netlify/blobs-serve"), "dir");
}
