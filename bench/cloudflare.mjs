// Cloudflare output benchmark: worker bundle size and cold start in workerd (miniflare).
// Called by bench/run.mjs; `node bench/cloudflare.mjs` prints the rows on its own.
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { glob } from "tinyglobby";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = 5;

/** @returns {Promise<{ name: string; value: number; unit: string }[]>} */
export async function run({ runs = RUNS } = {}) {
  const { build } = await import("edgeplate/build");
  const { createMiniflare } = await import("@edgeplate/platform-cloudflare/miniflare");

  // Inside the repo so the app's `edgeplate` imports resolve; bench/.results is git-ignored.
  const appDir = join(root, "bench/.results/cloudflare-app");
  rmSync(appDir, { recursive: true, force: true });
  mkdirSync(dirname(appDir), { recursive: true });
  cpSync(join(root, "smoke-tests/fixtures/app"), appDir, { recursive: true });
  try {
    await build({ rootDir: appDir, overrides: { platform: "cloudflare", minify: true } });
    const serverDir = join(appDir, ".output/server");
    const size = await bundleSize(serverDir);
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await coldStart(createMiniflare, serverDir));
    return [
      { name: "cloudflare: worker bundle (all modules, minified)", value: round(size.raw / 1024), unit: "kB" },
      { name: "cloudflare: worker bundle gzip", value: round(size.gzip / 1024), unit: "kB" },
      { name: `cloudflare: new Miniflare() to first 200 (median of ${runs})`, value: round(median(times)), unit: "ms" },
    ];
  } finally {
    rmSync(appDir, { recursive: true, force: true });
  }
}

/** What wrangler uploads: every module of the server folder. */
async function bundleSize(serverDir) {
  let raw = 0;
  let gzip = 0;
  for (const file of await glob("**/*.mjs", { cwd: serverDir, absolute: true })) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw, gzip };
}

/** Milliseconds from constructing Miniflare (workerd start, module load) to the first 200 of a route. */
async function coldStart(createMiniflare, serverDir) {
  const start = performance.now();
  const mf = createMiniflare({ serverDir });
  try {
    const res = await mf.dispatchFetch("https://example.com/api/hello");
    await res.text();
    if (res.status !== 200) throw new Error(`cold start request answered ${res.status}`);
    return performance.now() - start;
  } finally {
    await mf.dispose();
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (n) => Math.round(n * 10) / 10;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await run());
}
