// Measuring helpers for bench/run.mjs: wrk load tests, process start, cold start.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { request } from "node:http";
import { createServer } from "node:net";
import { readFileSync } from "node:fs";

export function ensureWrk() {
  if (spawnSync("wrk", ["--version"]).error === undefined) return;
  console.log("Installing wrk (Debian package) for the load tests ...");
  execFileSync("bash", ["-c", "apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)"], { stdio: "inherit" });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux clock ticks of 10 ms). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * wrk (2 threads, 64 connections) against `url`: requests per second, and the server's CPU time
 * per request, which other load on the machine disturbs much less than throughput.
 */
export async function loadTest(url, { duration = 5, pid } = {}) {
  const cpuBefore = pid ? cpuSeconds(pid) : 0;
  const out = await new Promise((resolve, reject) => {
    const child = spawn("wrk", ["-t2", "-c64", `-d${duration}s`, "--latency", url]);
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

export async function startProcess(command, args, { cwd, env } = {}) {
  const port = await freePort();
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env, PORT: String(port) }, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  while ((await get(url + "/api/json")) !== 200) await new Promise((r) => setTimeout(r, 20));
  return { url, pid: child.pid, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once("exit", r), child.kill("SIGKILL")))) };
}

/**
 * Median ms from spawn to the first 200 answer (polling every millisecond) for each of `targets`
 * (`{ name, command, args, cwd, env }`), their spawns interleaved so that drift in the machine's
 * speed during the run falls on all of them alike.
 */
export async function coldStarts(targets, runs = 21) {
  const times = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let i = 0; i < runs; i++) for (const t of targets) times[t.name].push(await coldStart(t));
  return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, list.sort((a, b) => a - b)[list.length >> 1]]));
}

async function coldStart({ command, args, cwd, env }) {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env, PORT: String(port) }, stdio: "ignore" });
  while ((await get(`http://127.0.0.1:${port}/api/json`)) !== 200) await new Promise((r) => setTimeout(r, 1));
  const ms = performance.now() - start;
  await new Promise((r) => (child.once("exit", r), child.kill("SIGKILL")));
  return ms;
}
