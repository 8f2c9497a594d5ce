// `npm run bench`: builds bench/fixture, then measures Edgeplate against raw node:http in the same run.
// Prints one table: throughput ratios, cold start, output size, and the Cloudflare worker figures.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { coldStarts, ensureWrk, loadTest, startProcess } from "./measure.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, "fixture");
const DURATION = Number(process.env.BENCH_DURATION || 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);

const { build } = await import("edgeplate/build");

ensureWrk();
console.log("Building the fixture (minified) ...");
const result = await build({ rootDir: fixture, overrides: { minify: true } });
const outDir = mkdtempSync(join(tmpdir(), "edgeplate-bench-"));
cpSync(join(fixture, ".output"), join(outDir, ".output"), { recursive: true });
const staticFile = join(outDir, ".output/public/page.html");

const rows = [];
const edge = await startProcess(process.execPath, [".output/server/index.mjs"], { cwd: outDir, env: { EDGEPLATE_SILENT: "1" } });
const raw = await startProcess(process.execPath, [join(here, "baseline.mjs")], { env: { STATIC_FILE: staticFile } });
const floor = await startProcess(process.execPath, [join(here, "h3-floor.mjs")]);
try {
  /**
   * Best throughput and lowest CPU per request of each [server, path] pair over the rounds. The
   * pairs take turns within every round, so a slow spell of the machine hits them all alike.
   */
  const compare = async (pairs) => {
    const tops = pairs.map(() => ({ rps: 0, cpuUs: Infinity }));
    for (let i = 0; i < ROUNDS; i++)
      for (const [j, [server, path]] of pairs.entries()) {
        const r = await loadTest(server.url + path, { duration: DURATION, pid: server.pid });
        tops[j].rps = Math.max(tops[j].rps, r.rps);
        tops[j].cpuUs = Math.min(tops[j].cpuUs, r.cpuUs);
      }
    return tops;
  };
  const cell = (m) => `${fmt(m.rps)} req/s, ${m.cpuUs.toFixed(1)} µs CPU/req`;
  const ratioRow = (metric, e, b, target, baseline = cell(b)) =>
    rows.push({ metric, edgeplate: cell(e), baseline, ratio: e.rps / b.rps, target: target ? `≥ ${target}×` : "", ok: target ? e.rps / b.rps >= target : undefined });

  console.log(`Load tests: wrk, ${DURATION}s per round, best of ${ROUNDS} rounds, servers taking turns ...`);
  const [rawJson, edgeJson, floorJson, cached] = await compare([
    [raw, "/api/json"],
    [edge, "/api/json"],
    [floor, "/api/json"],
    [edge, "/api/cached"],
  ]);
  ratioRow("JSON route", edgeJson, rawJson, 0.9);
  ratioRow("  for reference: a bare h3 + srvx app, same route", floorJson, rawJson);
  // The baseline reads the file from disk per request, as a plain static server does; Edgeplate's
  // Node server keeps small public files in memory (the output never changes while it runs).
  const [rawStatic, edgeStatic] = await compare([
    [raw, "/page.html"],
    [edge, "/page.html"],
  ]);
  ratioRow("static file (page.html)", edgeStatic, rawStatic, 1.0);
  ratioRow("cached route HIT vs uncached JSON", cached, edgeJson, 0.8, `${cell(edgeJson)} (edgeplate)`);
} finally {
  await Promise.all([edge.stop(), raw.stop(), floor.stop()]);
}

const COLD_RUNS = 21;
console.log(`Cold start: spawn → first 200, median of ${COLD_RUNS}, spawns interleaved ...`);
const cold = await coldStarts(
  [
    { name: "edge", command: process.execPath, args: [".output/server/index.mjs"], cwd: outDir, env: { EDGEPLATE_SILENT: "1" } },
    { name: "raw", command: process.execPath, args: [join(here, "baseline.mjs")] },
    { name: "floor", command: process.execPath, args: [join(here, "baseline.mjs")], env: { LOAD_WEB_GLOBALS: "1" } },
  ],
  COLD_RUNS,
);
rows.push({
  metric: "cold start (node)",
  edgeplate: `${cold.edge.toFixed(1)} ms`,
  baseline: `${cold.raw.toFixed(1)} ms`,
  ratio: cold.edge / cold.raw,
  target: "≤ +20 ms",
  ok: cold.edge - cold.raw <= 20,
});
// What any server on Web APIs pays on Node before its first line runs: the rest is Edgeplate's.
rows.push({
  metric: "  floor: node:http + Node's Web globals",
  edgeplate: `${cold.floor.toFixed(1)} ms (edgeplate +${(cold.edge - cold.floor).toFixed(1)} ms)`,
  baseline: `${cold.raw.toFixed(1)} ms`,
  ratio: cold.floor / cold.raw,
  target: "",
  ok: undefined,
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
