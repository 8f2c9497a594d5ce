// `npm run bench [-- --peers]`: the bench app (bench/fixture) built and served by Edgeplate, raw
// node:http doing the same work by hand (baseline.mjs), and with --peers Hono and Nitro serving
// the same app (bench/peers). Servers pinned to core 0, wrk to core 1; rounds interleaved; every
// throughput figure is a ratio to raw node:http in the same run. Prints one table.
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { coldStarts, ensureTools, jsSize, loadTest, median, rssMb, startProcess, timeCommand } from "./measure.mjs";

// `npm run bench -- --dev`: only the dev loop (bench/dev-loop.mjs), not the load tests.
if (process.argv.includes("--dev")) {
  await (await import("./dev-loop.mjs")).runDevLoop({ peers: process.argv.includes("--peers") });
  process.exit(0);
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const fixture = join(here, "fixture");
const DURATION = Number(process.env.BENCH_DURATION || 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS || 15);
const PEERS = process.argv.includes("--peers");
const node = process.execPath;
const edgeplateCli = join(root, "engine/bin/edgeplate.mjs");
const peersDir = join(here, "peers");

ensureTools();
if (PEERS && !existsSync(join(peersDir, "node_modules/nitro")))
  throw new Error("bench/peers is not installed: run `npm ci --prefix bench/peers` (its own lockfile, not a workspace)");

// --- Builds: clean build time (a fresh CLI process, as a user runs it), output sizes ---------
const clean = (dir) => () => [".output", ".edgeplate"].forEach((d) => rmSync(join(dir, d), { recursive: true, force: true }));
console.log("Clean builds (median of 3, fresh processes) ...");
const buildMs = { edgeplate: timeCommand(node, [edgeplateCli, "build", fixture], { before: clean(fixture), env: { EDGEPLATE_SILENT: "1" } }) };
const plainDir = join(here, "plain");
timeCommand(node, [edgeplateCli, "build", plainDir], { runs: 1, before: clean(plainDir) });
const size = { edgeplate: jsSize(join(fixture, ".output/server")).gzip, plain: jsSize(join(plainDir, ".output/server")).gzip, raw: jsSize(join(here, "baseline.mjs")).gzip };
const outDir = mkdtempSync(join(tmpdir(), "edgeplate-bench-"));
cpSync(join(fixture, ".output"), join(outDir, ".output"), { recursive: true });
const publicDir = join(outDir, ".output/public");

const servers = [
  { name: "raw", command: node, args: [join(here, "baseline.mjs")], env: { STATIC_FILE: join(publicDir, "index.html") } },
  { name: "edgeplate", command: node, args: [".output/server/index.mjs"], cwd: outDir, env: { EDGEPLATE_SILENT: "1" } },
];
if (PEERS) {
  const nitroDir = join(peersDir, "nitro");
  const nitroCli = join(peersDir, "node_modules/nitro/dist/cli/index.mjs");
  buildMs.nitro = timeCommand(node, [nitroCli, "build"], { cwd: nitroDir, before: clean(nitroDir) });
  size.nitro = jsSize(join(nitroDir, ".output/server")).gzip;
  // Hono has no build of its own: esbuild bundles the app into one file, as its Node guide does.
  const honoOut = join(peersDir, "hono/.output/server.mjs");
  // Run as a user runs it: esbuild's install may replace this JS launcher with the native binary.
  const esbuild = join(peersDir, "node_modules/esbuild/bin/esbuild");
  buildMs.hono = timeCommand(esbuild, ["hono/app.mjs", "--bundle", "--platform=node", "--format=esm", `--outfile=${honoOut}`, "--log-level=warning"], {
    cwd: peersDir,
    before: () => rmSync(dirname(honoOut), { recursive: true, force: true }),
  });
  size.hono = jsSize(dirname(honoOut)).gzip;
  servers.push(
    { name: "hono", command: node, args: [honoOut], env: { PUBLIC_DIR: publicDir } },
    { name: "nitro", command: node, args: [".output/server/index.mjs"], cwd: nitroDir },
  );
}
const names = servers.map((s) => s.name);

// --- Load: every row on every server, servers and rows taking turns within each round --------
const rowsLoad = [
  { row: "GET JSON", path: "/api/hello" },
  { row: "GET param", path: "/api/users/42" },
  { row: "POST JSON echo", path: "/api/echo", script: join(here, "post.lua") },
  { row: "cached HIT", path: "/api/cached" },
  { row: "static 2 KB", path: "/index.html" },
];
console.log(`Load: wrk -t1 -c50 on core 1, servers on core 0, ${DURATION}s per run, ${ROUNDS} rounds ...`);
const running = {};
for (const s of servers) running[s.name] = await startProcess(s);
const rps = Object.fromEntries(rowsLoad.map((r) => [r.row, Object.fromEntries(names.map((n) => [n, []]))]));
// The server's CPU time per request: other load on the machine disturbs it much less than req/s.
const cpuUs = Object.fromEntries(rowsLoad.map((r) => [r.row, Object.fromEntries(names.map((n) => [n, []]))]));
const rss = {};
try {
  // Warm-up (JIT, the cache entry, the in-memory file): one short run of each, not counted.
  for (const r of rowsLoad) for (const n of names) await loadTest(running[n].url + r.path, { duration: 1, script: r.script });
  for (let i = 0; i < ROUNDS; i++) {
    // Rotate who goes first, so no server always runs right after the same neighbour.
    const order = names.map((_, j) => names[(i + j) % names.length]);
    for (const r of rowsLoad)
      for (const n of order) {
        const result = await loadTest(running[n].url + r.path, { duration: DURATION, pid: running[n].pid, script: r.script });
        rps[r.row][n].push(result.rps);
        cpuUs[r.row][n].push(result.cpuUs);
      }
  }
  for (const n of names) rss[n] = rssMb(running[n].pid);
} finally {
  await Promise.all(Object.values(running).map((s) => s.stop()));
}

console.log(`Cold start: spawn → first 200 from /api/hello, median of ${COLD_RUNS}, spawns interleaved ...`);
// The floor of any server on Web APIs: raw node:http that also touches Headers/Request/Response,
// which on Node loads undici (h3 and srvx both touch them when imported, before any request).
const floor = { ...servers[0], name: "floor", env: { ...servers[0].env, LOAD_WEB_GLOBALS: "1" } };
const cold = await coldStarts([...servers, floor], COLD_RUNS);

let cf;
try {
  console.log("Cloudflare worker (miniflare) ...");
  cf = await (await import("./cloudflare.mjs")).run({ peers: PEERS });
} catch (error) {
  cf = { error: error.message.split("\n")[0] };
}
rmSync(outDir, { recursive: true, force: true });

// --- Table -----------------------------------------------------------------------------------
const best = (list) => Math.max(...list);
const fmtK = (n) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0));
const signed = (ms) => `${ms >= 0 ? "+" : "−"}${Math.abs(ms).toFixed(0)}`;
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const peerNames = names.filter((n) => n !== "raw" && n !== "edgeplate");
const table = [];
const targets = { "GET JSON": 0.95, "GET param": 0.95, "POST JSON echo": 0.9, "cached HIT": 0.9, "static 2 KB": 1.5 };
const noise = [];
for (const r of rowsLoad) {
  const raw = best(rps[r.row].raw);
  const ratio = (n) => best(rps[r.row][n]) / raw;
  for (const n of names) noise.push((best(rps[r.row][n]) - Math.min(...rps[r.row][n])) / best(rps[r.row][n]));
  const t = targets[r.row];
  const met = ratio("edgeplate") >= t && peerNames.every((p) => ratio("edgeplate") >= ratio(p));
  const cpu = (n) => `${Math.min(...cpuUs[r.row][n]).toFixed(0)} µs`;
  table.push([
    r.row,
    `1 (${fmtK(raw)} req/s, ${cpu("raw")})`,
    ...names.slice(1).map((n) => `${ratio(n).toFixed(2)} (${cpu(n)})`),
    `≥ ${t}×${peerNames.length ? ", ≥ peers" : ""}`,
    met ? "ok" : "MISS",
  ]);
}
const lowerIsBetter = (row, values, format, target, withinTarget) => {
  const edge = values.edgeplate;
  const met = withinTarget(edge) && peerNames.every((p) => values[p] === undefined || edge <= values[p]);
  table.push([
    row,
    values.raw === undefined ? "—" : format(values.raw),
    ...names.slice(1).map((n) => (values[n] === undefined ? "—" : format(values[n]))),
    target,
    met ? "ok" : "MISS",
  ]);
};
lowerIsBetter(
  "cold start, spawn → first 200",
  cold,
  (ms) => `${ms.toFixed(0)} ms`,
  "≤ raw + 15 ms",
  (e) => e <= cold.raw + 15,
);
table.push([
  "  for reference: raw + Node's Web globals (undici)",
  `${cold.floor.toFixed(0)} ms`,
  `${signed(cold.edgeplate - cold.floor)} ms over it`,
  ...peerNames.map((n) => `${signed(cold[n] - cold.floor)} ms`),
  "",
  "",
]);
lowerIsBetter(
  "RSS after load",
  rss,
  (mb) => `${mb.toFixed(0)} MB`,
  "≤ raw + 20 MB",
  (e) => e <= rss.raw + 20,
);
lowerIsBetter("server JS, gzip (this app)", size, kb, "≤ 25 KB", (e) => e <= 25 * 1024);
table.push(["server JS, gzip (plain JSON app)", "—", kb(size.plain), ...peerNames.map(() => "—"), "≤ 15 KB", size.plain <= 15 * 1024 ? "ok" : "MISS"]);
lowerIsBetter(
  "clean build",
  buildMs,
  (ms) => `${(ms / 1000).toFixed(2)} s`,
  "≤ 0.5 s",
  (e) => e <= 500,
);
if (cf.error) table.push(["Cloudflare worker", "—", `failed: ${cf.error}`, ...peerNames.map(() => ""), "", "MISS"]);
else {
  const cell = (n) => (cf[n] ? `${kb(cf[n].gzip)} / ${cf[n].firstMs.toFixed(0)} ms` : "—");
  const met = cf.edgeplate.gzip <= 25 * 1024 && (!cf.nitro || (cf.edgeplate.firstMs < cf.nitro.firstMs && cf.edgeplate.gzip <= cf.nitro.gzip));
  table.push(["Cloudflare worker gzip / new Miniflare → first 200", "—", cell("edgeplate"), ...peerNames.map(cell), "≤ 25 KB, < Nitro", met ? "ok" : "MISS"]);
}
const head = ["row", "raw node:http", "edgeplate", ...peerNames, "target", ""];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
console.log(`\n${line(head)}\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|\n${table.map(line).join("\n")}`);
console.log(
  `\nThroughput cells: best of ${ROUNDS} rounds as a ratio to raw node:http's best, with the server's lowest CPU time per request (µs). Noise: the rounds of one server and row spread by ${(median(noise) * 100).toFixed(0)}% (median), ${(Math.max(...noise) * 100).toFixed(0)}% (worst) of their best.`,
);
