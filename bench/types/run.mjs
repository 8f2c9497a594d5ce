// `npm run bench:types [-- --ts59] [--sizes 50,500,2000]`: generated apps of 50, 500 and 2,000
// routes (generate.mjs), `edgeplate prepare` on each, then `tsc --noEmit` on the same routes and
// calls with the generated route types and without them; median of 3 fresh tsc processes each,
// the two interleaved (wall time; CPU time beside it where /usr/bin/time is there). Fails (exit 1)
// on a type error, on TS2589 at any size, or on a missed target (with types ≤ 1.5× without at 500
// routes, ≤ 2× at 2,000, on wall time). `--ts59` also times TypeScript 5.9. Each run's times are
// printed too (a shared machine makes one median say little), and the type instantiations of each
// app (`--extendedDiagnostics`, one untimed run each), which do not vary between runs: TypeScript 7
// with one checker and with its default four (each checker re-infers what the files it checks
// reach, so the two differ), TypeScript 5.9 with its one.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateApp } from "./generate.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const work = join(root, "bench/.results/types");
const RUNS = Number(process.env.BENCH_ROUNDS || 3);
const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
const SIZES = process.argv.includes("--sizes") ? arg("--sizes").split(",").map(Number) : [50, 500, 2000];
// Call sites: one per route by default; `--calls 200` is fetchdts's own benchmark shape (a fixed number of calls).
const CALLS = process.argv.includes("--calls") ? Number(arg("--calls")) : undefined;
const TARGETS = { 500: 1.5, 2000: 2 };
const compilers = [{ name: "TS 7", tsc: join(root, "node_modules/typescript/bin/tsc") }];
if (process.argv.includes("--ts59")) compilers.push({ name: "TS 5.9", tsc: join(root, "node_modules/typescript59/bin/tsc") });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// CPU time (user + sys) as well as wall time where GNU time is there: on a machine other work
// shares, CPU time says more about tsc's own cost than the wall clock does.
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

function tsc(compiler, project) {
  const args = [process.execPath, compiler.tsc, "--noEmit", "--pretty", "false", "-p", project];
  const start = performance.now();
  const res = TIME
    ? spawnSync(TIME, ["-f", "cpu %U %S", ...args], { encoding: "utf8", maxBuffer: 64 << 20 })
    : spawnSync(args[0], args.slice(1), { encoding: "utf8", maxBuffer: 64 << 20 });
  const ms = performance.now() - start;
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(res.stderr ?? "");
  const errors = res.stdout.split("\n").filter((line) => / error TS\d+/.test(line));
  return { ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, errors };
}

/** The instantiation count of one untimed `tsc --noEmit --extendedDiagnostics` (extra args: `--checkers 1`). */
function instantiations(compiler, project, extra = []) {
  const res = spawnSync(process.execPath, [compiler.tsc, "--noEmit", "--pretty", "false", "--extendedDiagnostics", ...extra, "-p", project], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const m = /^Instantiations:\s+(\d+)/m.exec(res.stdout);
  return m ? Number(m[1]) : NaN;
}

const rows = [];
let failed = false;
for (const size of SIZES) {
  const dir = join(work, `app-${size}`);
  generateApp(dir, size, CALLS ?? size);
  const prepared = spawnSync(process.execPath, [join(root, "engine/bin/edgeplate.mjs"), "prepare", dir], { encoding: "utf8", env: { ...process.env, EDGEPLATE_SILENT: "1" } });
  if (prepared.status !== 0) throw new Error(`edgeplate prepare ${dir} failed: ${prepared.stderr}`);
  for (const compiler of compilers) {
    const typed = [];
    const untyped = [];
    const typedCpu = [];
    const untypedCpu = [];
    const errors = new Set();
    for (let run = 0; run < RUNS; run++) {
      // Interleaved, so a slow spell of the shared machine falls on both.
      for (const [project, times, cpuTimes] of [
        [join(dir, "tsconfig.json"), typed, typedCpu],
        [join(dir, "tsconfig.untyped.json"), untyped, untypedCpu],
      ]) {
        const result = tsc(compiler, project);
        times.push(result.ms);
        cpuTimes.push(result.cpuMs);
        for (const error of result.errors) errors.add(error);
      }
    }
    // TypeScript 7's default is four checkers; 5.9 has one (and no `--checkers`).
    const counts = (project) =>
      compiler.name === "TS 7" ? [instantiations(compiler, project, ["--checkers", "1"]), instantiations(compiler, project)] : [instantiations(compiler, project)];
    const typedInst = counts(join(dir, "tsconfig.json"));
    const untypedInst = counts(join(dir, "tsconfig.untyped.json"));
    const ratio = median(typed) / median(untyped);
    const deep = [...errors].some((e) => e.includes("TS2589"));
    const target = TARGETS[size];
    const ok = errors.size === 0 && !deep && (target === undefined || ratio <= target);
    if (!ok) failed = true;
    const cpuRatio = median(typedCpu) / median(untypedCpu);
    rows.push({
      size,
      compiler: compiler.name,
      typed: median(typed),
      untyped: median(untyped),
      ratio,
      cpuRatio,
      target,
      errors: errors.size,
      deep,
      ok,
      runs: { typed, untyped },
      typedInst,
      untypedInst,
    });
    if (errors.size > 0) console.error([...errors].slice(0, 10).join("\n"));
  }
}
rmSync(work, { recursive: true, force: true });

const pad = (s, n) => String(s).padEnd(n);
console.log(`\nRoute types: tsc --noEmit, median of ${RUNS} (fresh processes, interleaved), ${CALLS ? `${CALLS} $fetch call sites` : "one $fetch call site per route"}\n`);
console.log(
  `${pad("routes", 8)}${pad("tsc", 8)}${pad("with types", 12)}${pad("without", 10)}${pad("ratio", 8)}${pad("cpu ratio", 11)}${pad("target", 8)}${pad("TS2589", 8)}${pad("errors", 8)}ok`,
);
for (const r of rows) {
  console.log(
    `${pad(r.size, 8)}${pad(r.compiler, 8)}${pad(`${Math.round(r.typed)} ms`, 12)}${pad(`${Math.round(r.untyped)} ms`, 10)}${pad(`${r.ratio.toFixed(2)}×`, 8)}${pad(Number.isNaN(r.cpuRatio) ? "-" : `${r.cpuRatio.toFixed(2)}×`, 11)}${pad(r.target ? `≤ ${r.target}×` : "-", 8)}${pad(r.deep ? "yes" : "no", 8)}${pad(r.errors, 8)}${r.ok ? "ok" : "MISSED"}`,
  );
}
console.log("\nEach run, with types / without (ms, in the order run), and the instantiations with / without types:");
const k = (n) => (Number.isNaN(n) ? "-" : `${Math.round(n / 1000)}k`);
for (const r of rows) {
  const runs = r.runs.typed.map((t, i) => `${Math.round(t)}/${Math.round(r.runs.untyped[i])} (${(t / r.runs.untyped[i]).toFixed(2)}×)`).join(", ");
  const inst = r.typedInst.map((n, i) => `${k(n)}/${k(r.untypedInst[i])}`).join(r.compiler === "TS 7" ? " (1 checker), " : "");
  console.log(`${pad(r.size, 6)}${pad(r.compiler, 8)}${runs}; ${inst}${r.compiler === "TS 7" ? " (4 checkers)" : ""}`);
}
if (failed) process.exitCode = 1;
