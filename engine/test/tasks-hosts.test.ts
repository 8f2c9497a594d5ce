import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Ajv } from "ajv";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createMiniflare } from "@edgeplate/platform-cloudflare/miniflare";
import { startPreview } from "../src/testing/index.ts";
import { buildAndCopy, removeDir } from "./helpers.ts";

// Crons of the fixture: `*/5 * * * *` runs record and db:vacuum, `0 3 * * 1` runs record.
const fixture = join(import.meta.dirname, "fixtures/tasks-hosts");
const dirs: string[] = [];
const run = promisify(execFile);
afterAll(() => dirs.forEach(removeDir));

async function built(platform: string): Promise<string> {
  const dir = await buildAndCopy(fixture, { platform });
  dirs.push(dir);
  return dir;
}

describe("scheduled tasks on hosts with cron triggers", () => {
  it("cloudflare: wrangler.json has triggers.crons (valid for wrangler's own schema), and Miniflare's scheduled event runs the cron's tasks", async () => {
    const dir = await built("cloudflare");
    const serverDir = join(dir, ".output/server");
    const config = JSON.parse(readFileSync(join(serverDir, "wrangler.json"), "utf8")) as Record<string, unknown>;
    expect(config.triggers).toEqual({ crons: ["*/5 * * * *", "0 3 * * 1"] });
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, "../../node_modules/wrangler/config-schema.json"), "utf8")) as object;
    const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    const mf = createMiniflare({ serverDir, handleRuntimeStdio: () => {} });
    try {
      // Miniflare's Fetcher has workerd's `scheduled()`; its types leave it out.
      const worker = (await mf.getWorker()) as unknown as { scheduled(options: { cron: string; scheduledTime: Date }): Promise<{ outcome: string }> };
      const outcome = await worker.scheduled({ cron: "*/5 * * * *", scheduledTime: new Date(1_700_000_000_000) });
      expect(outcome.outcome).toBe("ok");
      await worker.scheduled({ cron: "0 3 * * 1", scheduledTime: new Date(1_700_000_300_000) });
      const recorded = (await (await mf.dispatchFetch("http://localhost/recorded")).json()) as { runs: unknown[]; vacuumed: boolean };
      expect(recorded.runs).toEqual([
        { scheduled: true, cron: "*/5 * * * *", scheduledTime: 1_700_000_000_000 },
        { scheduled: true, cron: "0 3 * * 1", scheduledTime: 1_700_000_300_000 },
      ]);
      expect(recorded.vacuumed).toBe(true);
    } finally {
      await mf.dispose();
    }
  }, 120_000);

  it("vercel: config.json has crons (Build Output API `{ path, schedule }`) calling /_tasks/<name>, which needs Bearer CRON_SECRET (the build says so)", async () => {
    // The build's log (consola writes to the streams, not through console).
    const written: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true)),
    );
    let dir: string;
    try {
      dir = await built("vercel");
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const notice = written
      .join("")
      .split("\n")
      .filter((line) => line.includes("CRON_SECRET"));
    expect(notice).toHaveLength(1);
    expect(notice[0]).toContain("Vercel's cron calls reach the tasks only with `CRON_SECRET` set");
    const config = JSON.parse(readFileSync(join(dir, ".vercel/output/config.json"), "utf8")) as { crons: { path: string; schedule: string }[] };
    expect(config.crons).toEqual([
      { path: "/_tasks/record", schedule: "*/5 * * * *" },
      { path: "/_tasks/db:vacuum", schedule: "*/5 * * * *" },
      { path: "/_tasks/record", schedule: "0 3 * * 1" },
    ]);
    for (const cron of config.crons) expect(Object.keys(cron).sort()).toEqual(["path", "schedule"]);
    const server = await startPreview(dir, { env: { CRON_SECRET: "vercel-secret" } });
    try {
      // Vercel's cron request: GET with the secret.
      expect((await server.fetch("/_tasks/record")).status).toBe(404);
      const res = await server.fetch(config.crons[0]!.path, { headers: { authorization: "Bearer vercel-secret" } });
      expect(await res.json()).toEqual({ result: 1 });
      expect(await (await server.fetch(config.crons[1]!.path, { headers: { authorization: "Bearer vercel-secret" } })).json()).toEqual({ result: "vacuumed" });
    } finally {
      await server.stop();
    }
  }, 120_000);

  it("netlify: one scheduled function per cron (`export default` + `config.schedule`) that runs the cron's tasks in the server bundle", async () => {
    const dir = await built("netlify");
    const functions = join(dir, ".netlify/functions-internal");
    const files = [0, 1].map((i) => join(functions, `edgeplate-cron-${i}/edgeplate-cron-${i}.mjs`));
    expect(files.every(existsSync)).toBe(true);
    expect(existsSync(join(functions, "edgeplate-cron-2"))).toBe(false);
    const first = (await import(pathToFileURL(files[0]!).href)) as { default: () => Promise<Response>; config: Record<string, unknown> };
    const second = (await import(pathToFileURL(files[1]!).href)) as { config: Record<string, unknown> };
    // Netlify's documented shape: a scheduled function has `schedule` and no `path`.
    expect(first.config).toEqual({ schedule: "*/5 * * * *" });
    expect(second.config).toEqual({ schedule: "0 3 * * 1" });
    expect((await first.default()).status).toBe(204);
    const server = (await import(pathToFileURL(join(functions, "server/server.mjs")).href)) as { default: (r: Request) => Promise<Response> };
    const recorded = (await (await server.default(new Request("http://localhost/recorded"))).json()) as { runs: { cron: string }[]; vacuumed: boolean };
    expect(recorded.runs.map((r) => r.cron)).toEqual(["*/5 * * * *"]);
    expect(recorded.vacuumed).toBe(true);
  }, 120_000);
});

describe("edgeplate task run against each host's preview", () => {
  const BIN = join(import.meta.dirname, "../bin/edgeplate.mjs");
  for (const platform of ["cloudflare", "vercel", "netlify", "bun", "deno"]) {
    it(`${platform}: runs a task in the built app`, async () => {
      const dir = await built(platform);
      const { stdout } = await run(process.execPath, [BIN, "task", "run", "db:vacuum", "--dir", dir], { cwd: dir });
      expect(JSON.parse(stdout)).toEqual({ result: "vacuumed" });
    }, 120_000);
  }
});
