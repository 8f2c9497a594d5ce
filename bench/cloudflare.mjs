// Cloudflare rows: the bench app's worker (every module wrangler uploads, gzip) and `new Miniflare()`
// → first 200 in workerd, for Edgeplate and (with --peers) Nitro's `cloudflare-module` output.
// Called by bench/run.mjs; `node bench/cloudflare.mjs [--peers]` prints the rows on its own.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { glob } from "tinyglobby";
import { jsSize, median } from "./measure.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = 5;

/** @returns {Promise<Record<string, { gzip: number; firstMs: number }>>} */
export async function run({ runs = RUNS, peers = false } = {}) {
  const { build } = await import("edgeplate/build");
  const { miniflareOptions } = await import("@edgeplate/platform-cloudflare/miniflare");
  const { Miniflare } = createRequire(import.meta.url)("miniflare");
  const out = {};
  const edgeDir = join(here, "fixture/.output-cf");
  await build({ rootDir: join(here, "fixture"), overrides: { platform: "cloudflare", output: { dir: ".output-cf" } } });
  const edgeServer = join(edgeDir, "server");
  // Read through wrangler's config reader once, before the clock: the row times `new Miniflare()`, as Nitro's does.
  const edgeOptions = miniflareOptions({ serverDir: edgeServer });
  const targets = [["edgeplate", edgeServer, () => new Miniflare(edgeOptions)]];
  if (peers) {
    const nitroDir = join(here, "peers/nitro");
    const built = spawnSync(process.execPath, [join(here, "peers/node_modules/nitro/dist/cli/index.mjs"), "build"], {
      cwd: nitroDir,
      env: { ...process.env, NITRO_PRESET: "cloudflare-module", NITRO_OUTPUT_DIR: ".output-cf" },
      stdio: "ignore",
    });
    if (built.status !== 0) throw new Error("nitro build --preset cloudflare-module failed");
    const nitroServer = join(nitroDir, ".output-cf/server");
    targets.push(["nitro", nitroServer, () => nitroMiniflare(nitroServer)]);
  }
  for (const [name, dir] of targets) out[name] = { gzip: jsSize(dir).gzip, times: [] };
  // Interleaved, as the Node cold starts are.
  for (let i = 0; i < runs; i++) for (const [name, , create] of targets) out[name].times.push(await firstResponse(create));
  for (const name of Object.keys(out)) out[name] = { gzip: out[name].gzip, firstMs: median(out[name].times) };
  return out;
}

/** Nitro's worker as wrangler would run it: its modules with nodejs_compat, its public folder as ASSETS. */
async function nitroMiniflare(serverDir) {
  const { Miniflare } = createRequire(import.meta.url)("miniflare");
  // The entry first: miniflare treats the first module as the main one.
  const modules = ["index.mjs", ...(await glob("**/*.mjs", { cwd: serverDir })).filter((path) => path !== "index.mjs")];
  return new Miniflare({
    compatibilityDate: "2025-01-01",
    compatibilityFlags: ["nodejs_compat"],
    modules: modules.map((path) => ({ type: "ESModule", path: join(serverDir, path) })),
    modulesRoot: serverDir,
    // As deployed: its public folder on the assets router, which falls through to the worker.
    assets: { directory: join(serverDir, "../public"), binding: "ASSETS", routerConfig: { has_user_worker: true } },
  });
}

/** Milliseconds from constructing Miniflare (workerd start, module load) to the first 200 of `/api/hello`. */
async function firstResponse(create) {
  const start = performance.now();
  const mf = await create();
  try {
    const res = await mf.dispatchFetch("https://example.com/api/hello");
    await res.text();
    if (res.status !== 200) throw new Error(`cold start request answered ${res.status}`);
    return performance.now() - start;
  } finally {
    await mf.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await run({ peers: process.argv.includes("--peers") }));
}
