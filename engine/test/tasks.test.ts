import { execFile } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../src/build/index.ts";
import { startDev } from "../src/testing/index.ts";
import { buildAndCopy, removeDir, startServer, startViteDev } from "./helpers.ts";

const fixture = join(import.meta.dirname, "fixtures/tasks");
const BIN = join(import.meta.dirname, "../bin/edgeplate.mjs");
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

describe("tasks on node-server", () => {
  it("fires a one-second cron about once a second, and stops with the server", async () => {
    const out = await buildAndCopy(fixture);
    dirs.push(out);
    const ticks = join(out, "ticks.log");
    writeFileSync(ticks, "");
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: out, env: { TICK_FILE: ticks } });
    await new Promise((r) => setTimeout(r, 4_200));
    expect(await server.stop("SIGTERM")).toBe(0);
    const lines = readFileSync(ticks, "utf8").trim().split("\n").filter(Boolean);
    // 4.2 s of a one-second cron: 4 runs, give or take the second it started in.
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(JSON.parse(lines[0]!)).toMatchObject({ scheduled: true, cron: "* * * * * *" });
    // Stopped means stopped: no run after the server exited.
    await new Promise((r) => setTimeout(r, 1_200));
    expect(readFileSync(ticks, "utf8").trim().split("\n").filter(Boolean).length).toBe(lines.length);
  });

  it("node-cluster: one worker of three fires the schedule, so a one-second cron still runs about once a second", async () => {
    const out = await buildAndCopy(fixture, { platform: "node-cluster" });
    dirs.push(out);
    const ticks = join(out, "ticks.log");
    writeFileSync(ticks, "");
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: out, env: { TICK_FILE: ticks, EDGEPLATE_CLUSTER_WORKERS: "3" } });
    await new Promise((r) => setTimeout(r, 4_200));
    await server.stop("SIGTERM");
    const count = readFileSync(ticks, "utf8").trim().split("\n").filter(Boolean).length;
    // Three workers each running it would give about 12.
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(5);
  }, 60_000);

  it("runs a task once for two overlapping calls, and /_tasks only with the secret", async () => {
    const out = await buildAndCopy(fixture);
    dirs.push(out);
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: out, env: { EDGEPLATE_TASK_SECRET: "s3cret", EDGEPLATE_SCHEDULED_TASKS: "false" } });
    try {
      const overlap = (await (await server.fetch("/overlap")).json()) as { a: { result: { runs: number } }; b: unknown };
      expect(overlap.a).toEqual({ result: { runs: 1, payload: { from: "a" } } });
      expect(overlap.b).toEqual(overlap.a);
      // Over HTTP too: two requests while it runs, one run.
      const call = () => server.fetch("/_tasks/slow", { method: "POST", headers: { authorization: "Bearer s3cret" }, body: JSON.stringify({ n: 1 }) }).then((r) => r.json());
      const [x, y] = await Promise.all([call(), call()]);
      expect(x).toEqual({ result: { runs: 2, payload: { n: 1 } } });
      expect(y).toEqual(x);
      // Once it finished, the next call is a new run.
      expect(await call()).toMatchObject({ result: { runs: 3 } });
      expect((await server.fetch("/_tasks/slow", { method: "POST" })).status).toBe(404);
      expect((await server.fetch("/_tasks", { headers: { authorization: "Bearer wrong" } })).status).toBe(404);
      const missing = await server.fetch("/_tasks/nope", { method: "POST", headers: { authorization: "Bearer s3cret" } });
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { message: string }).message).toContain("There is no task `nope`");
      // A failing task is a 500 without its details in production, and the server goes on.
      const failed = await server.fetch("/_tasks/fail", { method: "POST", headers: { authorization: "Bearer s3cret" } });
      expect(failed.status).toBe(500);
      expect(await failed.text()).not.toContain("secret detail");
      const bad = await server.fetch("/_tasks/slow", { method: "POST", headers: { authorization: "Bearer s3cret", "content-type": "application/json" }, body: "[1]" });
      expect(bad.status).toBe(400);
    } finally {
      await server.stop();
    }
  });

  it("lists and runs tasks of the built app from the CLI", async () => {
    const out = await buildAndCopy(fixture);
    dirs.push(out);
    const list = await run(process.execPath, [BIN, "task", "list", "--dir", out], { cwd: out });
    expect(list.stdout).toContain("db:migrate  Echoes its payload");
    expect(list.stdout).toContain("tick  Appends a line per run to TICK_FILE  (* * * * * *)");
    const result = await run(process.execPath, [BIN, "task", "run", "db:migrate", "--payload", '{"id":7}', "--dir", out], { cwd: out });
    expect(JSON.parse(result.stdout)).toEqual({ result: { name: "db:migrate", payload: { id: 7 } } });
    const failed = await run(process.execPath, [BIN, "task", "run", "db:migrate", "--payload", "{nope", "--dir", out], { cwd: out }).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain("`--payload` is not JSON");
  }, 60_000);
});

describe("tasks in edgeplate dev", () => {
  const copy = join(import.meta.dirname, ".tmp", `tasks-dev-${process.pid}`);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  it("runs a task from /_tasks/<name> without a secret, and never fires the schedule", async () => {
    cpSync(fixture, copy, { recursive: true });
    const ticks = join(copy, "ticks.log");
    writeFileSync(ticks, "");
    const dev = await startDev(copy, { env: { TICK_FILE: ticks } });
    try {
      const res = await dev.fetch("/_tasks/db:migrate?from=query", { method: "POST", body: JSON.stringify({ id: 1 }), headers: { "content-type": "application/json" } });
      expect(await res.json()).toEqual({ result: { name: "db:migrate", payload: { from: "query", id: 1 } } });
      const list = (await (await dev.fetch("/_tasks")).json()) as { tasks: Record<string, unknown>; scheduledTasks: Record<string, string[]> };
      expect(Object.keys(list.tasks).sort()).toEqual(["db:migrate", "fail", "slow", "tick"]);
      expect(list.scheduledTasks).toEqual({ "* * * * * *": ["tick"] });
      await new Promise((r) => setTimeout(r, 2_200));
      expect(readFileSync(ticks, "utf8")).toBe("");
    } finally {
      await dev.stop();
    }
  }, 60_000);
});

describe("tasks in vite dev", () => {
  const copy = join(import.meta.dirname, ".tmp", `tasks-vite-${process.pid}`);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));
  it("routes GET /_tasks (the list) and /_tasks/<name> to the app, not to Vite", async () => {
    cpSync(fixture, copy, { recursive: true });
    writeFileSync(join(copy, "vite.config.mjs"), `import { edgeplate } from "edgeplate/vite";\nexport default { plugins: [edgeplate()] };\n`);
    const { server, url } = await startViteDev(copy, join(copy, "vite.config.mjs"));
    try {
      const list = await fetch(`${url}/_tasks`);
      expect(list.headers.get("content-type")).toContain("application/json");
      expect(Object.keys(((await list.json()) as { tasks: Record<string, unknown> }).tasks).sort()).toEqual(["db:migrate", "fail", "slow", "tick"]);
      expect(await (await fetch(`${url}/_tasks/db:migrate?from=get`)).json()).toEqual({ result: { name: "db:migrate", payload: { from: "get" } } });
      const posted = await fetch(`${url}/_tasks/db:migrate`, { method: "POST", body: JSON.stringify({ id: 2 }), headers: { "content-type": "application/json" } });
      expect(await posted.json()).toEqual({ result: { name: "db:migrate", payload: { id: 2 } } });
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe("scheduledTasks checks", () => {
  const root = join(import.meta.dirname, ".tmp", `tasks-${process.pid}`);
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  function app(name: string, config: string): string {
    const dir = join(root, name);
    mkdirSync(join(dir, "tasks"), { recursive: true });
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
    writeFileSync(join(dir, "tasks/a.ts"), 'import { defineTask } from "edgeplate/task";\nexport default defineTask({ run: () => ({ result: 1 }) });\n');
    writeFileSync(join(dir, "edgeplate.config.ts"), `export default ${config};\n`);
    return dir;
  }
  it("names a missing task, an unreadable cron, seconds on a host's crons and a platform without crons", async () => {
    await expect(build({ rootDir: app("missing", '{ scheduledTasks: { "0 * * * *": ["a", "b:c"] } }') })).rejects.toThrow(
      "runs `b:c` at `0 * * * *`, but there is no such task. Add `tasks/b/c.ts`",
    );
    await expect(build({ rootDir: app("cron", '{ scheduledTasks: { "every day": "a" } }') })).rejects.toThrow("`every day`, which croner cannot read");
    await expect(build({ rootDir: app("seconds", '{ platform: "cloudflare", scheduledTasks: { "* * * * * *": "a" } }') })).rejects.toThrow(
      "cloudflare's cron triggers take five fields",
    );
    await expect(build({ rootDir: app("static", '{ platform: "static", scheduledTasks: { "0 * * * *": "a" } }') })).rejects.toThrow(
      "platform `static` cannot run `scheduledTasks`",
    );
    await expect(build({ rootDir: app("service-worker", '{ platform: "service-worker", scheduledTasks: { "0 * * * *": "a" } }') })).rejects.toThrow(
      "platform `service-worker` cannot run `scheduledTasks`",
    );
  });
});
