// `npm run bench`: builds bench/fixture, then measures Edgeplate against raw node:http in the same run.
// Prints one table: throughput ratios, cold start, output size, and the Cloudflare worker figures.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";
import { coldStart, ensureWrk, loadTest, startProcess } from "./measure.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, "fixture");
const DURATION = Number(process.env.BENCH_DURATION || 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);

const jiti = createJiti(import.meta.url);
const { build } = await jiti.import(join(here, "../engine/src/build/index.ts"));

ensureWrk();
console.log("Building the fixture (minified) ...");
const result = await build({ rootDir: fixture, overrides: { minify: true } });
const outDir = mkdtempSync(join(tmpdir(), "edgeplate-bench-"));
cpSync(join(fixture, ".output"), join(outDir, ".output"), { recursive: true });
const staticFile = join(outDir, ".output/public/page.html");

const rows = [];
const edge = await startProcess(process.execPath, [".output/server/index.mjs"], { cwd: outDir, env: { EDGEPLATE_SILENT: "1" } });
const raw = await startProcess(process.execPath, [join(here, "baseline.mjs")], { env: { STATIC_FILE: staticFile } });
try {
  // Best throughput and lowest CPU per request over the rounds, servers alternating each round.
  const best = async (server, path) => {
    const top = { rps: 0, cpuUs: Infinity };
    for (let i = 0; i < ROUNDS; i++) {
      const r = await loadTest(server.url + path, { duration: DURATION, pid: server.pid });
      top.rps = Math.max(top.rps, r.rps);
      top.cpuUs = Math.min(top.cpuUs, r.cpuUs);
    }
    return top;
  };
  const cell = (m) => `${fmt(m.rps)} req/s, ${m.cpuUs.toFixed(1)} µs CPU/req`;
  const measurePair = async (name, path, target) => {
    const r = await best(raw, path);
    const e = await best(edge, path);
    rows.push({ metric: name, edgeplate: cell(e), baseline: cell(r), ratio: e.rps / r.rps, target: `≥ ${target}×`, ok: e.rps / r.rps >= target });
    return e;
  };
  console.log(`Load tests: wrk, ${DURATION}s per round, best of ${ROUNDS} ...`);
  const json = await measurePair("JSON route", "/api/json", 0.9);
  // The baseline reads the file from disk per request, as a plain static server does; Edgeplate's
  // Node server keeps small public files in memory (the output never changes while it runs).
  await measurePair("static file (page.html)", "/page.html", 1.0);
  const cached = await best(edge, "/api/cached");
  rows.push({
    metric: "cached route HIT vs uncached JSON",
    edgeplate: cell(cached),
    baseline: `${cell(json)} (edgeplate)`,
    ratio: cached.rps / json.rps,
    target: "≥ 0.8×",
    ok: cached.rps / json.rps >= 0.8,
  });
} finally {
  await edge.stop();
  await raw.stop();
}

console.log("Cold start: spawn → first 200, median of 11 ...");
const edgeCold = await coldStart(process.execPath, [".output/server/index.mjs"], { cwd: outDir, env: { EDGEPLATE_SILENT: "1" } });
const rawCold = await coldStart(process.execPath, [join(here, "baseline.mjs")], {});
rows.push({
  metric: "cold start (node)",
  edgeplate: `${edgeCold.toFixed(1)} ms`,
  baseline: `${rawCold.toFixed(1)} ms`,
  ratio: edgeCold / rawCold,
  target: "≤ +20 ms",
  ok: edgeCold - rawCold <= 20,
});
rows.push({
  metric: "server entry + runtime (minified)",
  edgeplate: `${(result.entrySize.gzip / 1024).toFixed(1)} KB gzip`,
  baseline: `${(result.entrySize.raw / 1024).toFixed(1)} KB raw`,
  ratio: NaN,
  target: "< 20 KB gzip",
  ok: result.entrySize.gzip < 20 * 1024,
});
rmSync(outDir, { recursive: true, force: true });

try {
  const { run } = await import("./cloudflare.mjs");
  console.log("Cloudflare worker (miniflare) ...");
  for (const r of await run())
    rows.push({
      metric: r.name.startsWith("cloudflare") ? r.name : `cloudflare: ${r.name}`,
      edgeplate: `${fmt(r.value)} ${r.unit}`,
      baseline: "",
      ratio: NaN,
      target: "",
      ok: undefined,
    });
} catch (error) {
  rows.push({ metric: "cloudflare", edgeplate: `failed: ${error.message.split("\n")[0]}`, baseline: "", ratio: NaN, target: "", ok: false });
}

printTable(rows);

function fmt(n) {
  return n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1);
}

function printTable(list) {
  const head = ["metric", "edgeplate", "raw node:http", "ratio", "target", ""];
  const body = list.map((r) => [
    r.metric,
    r.edgeplate,
    r.baseline,
    Number.isNaN(r.ratio) ? "" : `${r.ratio.toFixed(2)}×`,
    r.target,
    r.ok === undefined ? "" : r.ok ? "ok" : "MISS",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
  console.log(`\n${line(head)}\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|\n${body.map(line).join("\n")}`);
}
