// `npm run bench -- --dev`: the dev loop of `edgeplate dev` (starters/minimal) and `vite dev`
// (starters/vanilla-links). Edits a route file N times (DEV_EDITS, default 300), each edit followed
// at once by a request, and prints: stale answers, RSS of the dev process tree after the first and
// the last edit, median edit → new answer, spawn → first 200, GET latency with 3,000 public files.
// With --peers, Nitro's dev server (bench/peers) on the same loop: it may answer the old code
// first, so its "edit → new answer" is the time until it answers the new code (polled).
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./measure.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const EDITS = Number(process.env.DEV_EDITS || 300);
const SPAWNS = Math.max(2, Number(process.env.DEV_SPAWNS || 6));
// Inside the repo so the copies resolve `edgeplate` and `vite` from the workspace's node_modules.
const scratch = join(root, "bench/.results/dev-loop");

/** A GET on a fresh connection: status, body and the milliseconds it took. */
export function get(url) {
  const start = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode, body, ms: performance.now() - start }));
    });
    req.on("error", () => resolve({ status: 0, body: "", ms: performance.now() - start }));
    req.end();
  });
}

/** RSS in MB of `pid` and every process below it (a dev server's build workers or children). */
export function treeRss(pid) {
  const parents = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended while listing.
    }
  }
  let kb = 0;
  const visit = (p) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      return;
    }
    for (const [child, parent] of parents) if (parent === p) visit(child);
  };
  visit(pid);
  return kb / 1024;
}

/** RSS once the server has been idle for a moment (garbage collected), as a user between edits sees it. */
const atRest = async (pid) => (await new Promise((r) => setTimeout(r, 700)), treeRss(pid));

const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];

/** Starts `command` in `cwd` on a free port and waits for a 200 from `path`: the ms it took. */
async function start({ command, cwd, path }) {
  const port = await freePort();
  const began = performance.now();
  const [bin, ...args] = command(port);
  const child = spawn(bin, args, { cwd, env: { ...process.env, PORT: String(port), NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  while ((await get(url + path)).status !== 200) {
    if (child.exitCode !== null) throw new Error(`${bin} ${args.join(" ")} exited ${child.exitCode}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  const ms = performance.now() - began;
  const stop = () => new Promise((r) => (child.exitCode !== null ? r() : (child.once("exit", r), child.kill("SIGTERM"))));
  return { url, ms, pid: child.pid, stop };
}

/**
 * One target's loop. `routeFile` is rewritten to answer `{ v: i }`; a request right after each
 * write must already answer `i`.
 */
export async function devLoop({ name, app, command, routeFile, path, edits = EDITS, spawns = SPAWNS, outside, untilFresh = false, scratchDir = scratch }) {
  const dir = join(scratchDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(app, dir, { recursive: true, filter: (src) => !/\/(node_modules|\.edgeplate|\.output|dist)(\/|$)/.test(src.slice(app.length)) });
  const file = join(dir, routeFile);
  mkdirSync(dirname(file), { recursive: true });
  const write = (v) => writeFileSync(file, `export default () => ({ v: ${JSON.stringify(v)} });\n`);
  write(0);
  const target = { command, cwd: dir, path };
  try {
    const spawnMs = [];
    for (let i = 0; i < spawns; i++) {
      const s = await start(target);
      spawnMs.push(s.ms);
      await s.stop();
    }
    const server = await start(target);
    try {
      let stale = 0;
      const editMs = [];
      let rssFirst = 0;
      let rssFirstRest = 0;
      for (let i = 1; i <= edits; i++) {
        const began = performance.now();
        write(i);
        let res = await get(server.url + path);
        if (!isAnswer(res, i)) {
          stale++;
          if (stale <= 3 && !untilFresh) console.log(`  stale answer to edit ${i}: ${res.status} ${res.body.slice(0, 300)}`);
          // A server that answers stale: the time until it answers the new code (10 s at most).
          while (untilFresh && !isAnswer(res, i) && performance.now() - began < 10_000) {
            await new Promise((r) => setTimeout(r, 5));
            res = await get(server.url + path);
          }
        }
        editMs.push(performance.now() - began);
        if (i === 1) {
          rssFirst = treeRss(server.pid);
          rssFirstRest = await atRest(server.pid);
        }
      }
      const rssLast = treeRss(server.pid);
      const rssLastRest = await atRest(server.pid);
      const buildFiles = name.startsWith("edgeplate") ? countFiles(join(dir, ".edgeplate/dev")) : undefined;
      const latency = async () => {
        const list = [];
        for (let i = 0; i < 100; i++) list.push((await get(server.url + path)).ms);
        return median(list);
      };
      const getPlain = await latency();
      const many = join(dir, "public/many");
      mkdirSync(many, { recursive: true });
      for (let i = 0; i < 3000; i++) writeFileSync(join(many, `f${i}.txt`), `${i}\n`);
      await get(server.url + path);
      const getMany = await latency();
      rmSync(many, { recursive: true, force: true });
      let outsideSeen;
      if (outside) outsideSeen = await outside(dir, server.url);
      return {
        name,
        stale,
        edits,
        rssFirst,
        rssLast,
        rssFirstRest,
        rssLastRest,
        editMedian: median(editMs),
        // The first start has no `.edgeplate/` (no dev cache, no kept build); the others restart over the last one's.
        spawnFirst: spawnMs[0],
        spawnMedian: median(spawnMs.slice(1)),
        getPlain,
        getMany,
        buildFiles,
        outsideSeen,
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether `res` is the answer of the route as edit `i` wrote it. */
export function isAnswer(res, i) {
  if (res.status !== 200) return false;
  try {
    return JSON.parse(res.body).v === i;
  } catch {
    return false;
  }
}

function countFiles(dir) {
  try {
    return readdirSync(dir, { recursive: true }).length;
  } catch {
    return 0;
  }
}

const cli = join(root, "engine/bin/edgeplate.mjs");
const vite = join(root, "node_modules/vite/bin/vite.js");

export const targets = [
  {
    name: "edgeplate dev (minimal)",
    app: join(root, "starters/minimal"),
    command: (port) => [process.execPath, cli, "dev", ".", "--port", String(port), "--host", "127.0.0.1"],
    routeFile: "routes/api/devloop.ts",
    path: "/api/devloop",
  },
  {
    name: "vite dev (vanilla-links)",
    app: join(root, "starters/vanilla-links"),
    command: (port) => [process.execPath, vite, "--port", String(port), "--strictPort", "--host", "127.0.0.1", "--logLevel", "silent"],
    routeFile: "api/devloop.ts",
    path: "/api/devloop",
  },
];

/** Nitro's dev server on the bench app, for --peers: copied under bench/peers so that it resolves `nitro` there. */
const peersDir = join(root, "bench/peers");
export const nitroTarget = {
  name: "nitro dev (bench app)",
  app: join(peersDir, "nitro"),
  command: (port) => [process.execPath, join(peersDir, "node_modules/nitro/dist/cli/index.mjs"), "dev", "--port", String(port), "--host", "127.0.0.1"],
  routeFile: "routes/api/devloop.mjs",
  path: "/api/devloop",
  untilFresh: true,
  scratchDir: join(peersDir, ".dev-loop"),
};

export async function runDevLoop({ peers = false } = {}) {
  const results = [];
  const all = peers ? [...targets, nitroTarget] : targets;
  // DEV_TARGETS=edgeplate (or vite, nitro) runs one of them.
  for (const t of all.filter((t) => !process.env.DEV_TARGETS || t.name.includes(process.env.DEV_TARGETS))) {
    console.log(`Dev loop: ${t.name}, ${EDITS} edits ...`);
    results.push({ ...(await devLoop(t)), peer: t === nitroTarget });
  }
  const nitro = results.find((r) => r.peer);
  const rows = results.map((r) => {
    // Targets (issue 12) are Edgeplate's; a peer's row only reports.
    const mark = (ok) => (r.peer ? "" : ok ? " ✓" : " ✗");
    const growth = r.rssLast / r.rssFirst;
    const atRest = r.rssLastRest / r.rssFirstRest;
    const beatsNitro = nitro && !r.peer ? `, ${r.editMedian < nitro.editMedian ? "faster" : "not faster"} than Nitro's` : "";
    return {
      target: r.name,
      "stale (of edits)": `${r.stale} / ${r.edits}${mark(r.stale === 0)}`,
      "RSS first → last edit": `${r.rssFirst.toFixed(0)} → ${r.rssLast.toFixed(0)} MB (${growth.toFixed(2)}×)${mark(growth <= 1.3)}`,
      "  the same, at rest": `${r.rssFirstRest.toFixed(0)} → ${r.rssLastRest.toFixed(0)} MB (${atRest.toFixed(2)}×)${mark(atRest <= 1.3)}`,
      [r.peer ? "median edit → new answer (polled)" : "median edit → new answer"]:
        `${r.editMedian.toFixed(1)} ms${mark(r.editMedian < 150 && (!nitro || r.editMedian < nitro.editMedian))}${beatsNitro}`,
      "spawn → first 200": `${r.spawnMedian.toFixed(0)} ms${r.name.includes("minimal") ? mark(r.spawnMedian < 500) : ""} (restart, median of ${SPAWNS - 1})`,
      [r.peer ? "  first start" : "  first start, no .edgeplate/"]: `${r.spawnFirst.toFixed(0)} ms`,
      "GET: no / 3,000 public files": `${r.getPlain.toFixed(2)} / ${r.getMany.toFixed(2)} ms`,
      ...(r.buildFiles === undefined ? {} : { ".edgeplate/dev files": r.buildFiles }),
    };
  });
  for (const row of rows) {
    console.log(`\n${row.target}`);
    for (const [k, v] of Object.entries(row)) if (k !== "target") console.log(`  ${k.padEnd(34)} ${v}`);
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runDevLoop({ peers: process.argv.includes("--peers") });
