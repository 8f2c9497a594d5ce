// Measuring helpers for bench/run.mjs: pinned processes, wrk load tests, cold start, RSS, sizes.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** Servers run on core 0, wrk on core 1: the two never compete for one core. */
export const SERVER_CORE = "0";
export const LOAD_CORE = "1";

export function ensureTools() {
  if (spawnSync("taskset", ["-V"]).error) throw new Error("taskset (util-linux) is missing: the bench pins the server and wrk to one core each");
  if (spawnSync("wrk", ["--version"]).error === undefined) return;
  console.log("Installing wrk (Debian package) for the load tests ...");
  execFileSync("bash", ["-c", "apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)"], { stdio: "inherit" });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux clock ticks of 10 ms). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of a process in MB (VmRSS). */
export function rssMb(pid) {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
  return kb / 1024;
}

/**
 * wrk (1 thread, 50 connections, pinned to the load core) against `url`: requests per second and
 * the server's CPU time per request. `script` is a wrk Lua file (the POST body).
 */
export async function loadTest(url, { duration = 5, pid, script } = {}) {
  const cpuBefore = pid ? cpuSeconds(pid) : 0;
  const args = ["-c", LOAD_CORE, "wrk", "-t1", "-c50", `-d${duration}s`, ...(script ? ["-s", script] : []), url];
  const out = await new Promise((resolve, reject) => {
    const child = spawn("taskset", args);
    let text = "";
    child.stdout.on("data", (d) => (text += d));
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}`))));
  });
  const cpu = pid ? cpuSeconds(pid) - cpuBefore : 0;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (errors) throw new Error(`${url}: ${errors[1]} error responses`);
  return { rps, cpuUs: total ? (cpu * 1e6) / total : NaN };
}

export function freePort() {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", () => resolve(0));
    req.end();
  });
}

/** `command args` pinned to the server core, with `PORT` set. */
function spawnPinned({ command, args, cwd, env }, port) {
  return spawn("taskset", ["-c", SERVER_CORE, command, ...args], { cwd, env: { ...process.env, ...env, PORT: String(port) }, stdio: "ignore" });
}

/** Starts a server (`{ command, args, cwd, env }`) and waits for its first 200 from `probe`. */
export async function startProcess(target, probe = "/api/hello") {
  const port = await freePort();
  const child = spawnPinned(target, port);
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  while ((await get(url + probe)) !== 200) {
    if (child.exitCode !== null || performance.now() - started > 20_000) throw new Error(`${target.args.join(" ")} did not answer ${probe}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  // taskset execs the command: the child's pid is the server's.
  return { url, pid: child.pid, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once("exit", r), child.kill("SIGKILL")))) };
}

/**
 * Median ms from spawn to the first 200 from `probe` (polling every millisecond) for each of
 * `targets`, their spawns interleaved so that drift in the machine's speed falls on all alike.
 */
export async function coldStarts(targets, runs = 15, probe = "/api/hello") {
  const times = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let i = 0; i < runs; i++) for (const t of targets) times[t.name].push(await coldStart(t, probe));
  return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]));
}

async function coldStart(target, probe) {
  const port = await freePort();
  const start = performance.now();
  const child = spawnPinned(target, port);
  while ((await get(`http://127.0.0.1:${port}${probe}`)) !== 200) await new Promise((r) => setTimeout(r, 1));
  const ms = performance.now() - start;
  await new Promise((r) => (child.once("exit", r), child.kill("SIGKILL")));
  return ms;
}

/** Median wall-clock ms of `command args` run to completion (`runs` times). */
export function timeCommand(command, args, { cwd, env, runs = 3, before } = {}) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const start = performance.now();
    const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${String(result.stderr).trim().split("\n").pop()}`);
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Bytes (raw and gzip, each file compressed alone) of one file or every JS module under `dir`, `node_modules` included: what the server loads. */
export function jsSize(dir) {
  let raw = 0;
  let gzip = 0;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(m|c)?js$/.test(name)) {
        const bytes = readFileSync(path);
        raw += bytes.length;
        gzip += gzipSync(bytes).length;
      }
    }
  };
  if (statSync(dir).isDirectory()) walk(dir);
  else {
    const bytes = readFileSync(dir);
    raw = bytes.length;
    gzip = gzipSync(bytes).length;
  }
  return { raw, gzip };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
