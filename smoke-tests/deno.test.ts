import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildAndCopy, removeDir, startServer } from "../engine/test/helpers.ts";
import { findDeno } from "../platforms/deno/deno.ts";
import { describeConformance } from "./conformance.ts";
import { useBuiltFixture } from "./harness.ts";

const fixture = useBuiltFixture("deno");
const startTask = () => (JSON.parse(readFileSync(join(fixture.outDir, ".output/deno.json"), "utf8")) as { tasks: { start: string } }).tasks.start;

describeConformance({
  platform: "deno",
  fixture,
  async start({ outDir, env }) {
    // The `start` task's own command, run directly so stopping it stops Deno (no task runner in between).
    const [command, ...args] = startTask().split(" ");
    expect(command).toBe("deno");
    const server = await startServer(findDeno(), args, { cwd: join(outDir, ".output"), env: { ...env, DENO_NO_UPDATE_CHECK: "1" } });
    return { fetch: (path, init) => fetch(server.url + path, init), close: async () => void (await server.stop()) };
  },
});

describe("deno: output", () => {
  it("writes .output/deno.json with a start task", () => {
    expect(startTask()).toBe("deno run --allow-net --allow-read --allow-write --allow-env --allow-sys ./server/index.mjs");
  });
});

describe("deno: shutdown", () => {
  // Inside the repo, so the app's `edgeplate` imports resolve.
  const app = join(import.meta.dirname, ".tmp", `deno-close-${process.pid}`);
  let out: string | undefined;
  afterAll(() => {
    rmSync(app, { recursive: true, force: true });
    if (out) removeDir(out);
  });

  it("on SIGTERM finishes the in-flight request, runs the close hook, then exits 0", async () => {
    const files = {
      "package.json": `{ "type": "module" }`,
      "plugins/close.ts": `import { writeFileSync } from "node:fs";
import { env } from "node:process";
import { definePlugin } from "edgeplate";
export default definePlugin((app) => {
  app.hooks.hook("close", () => writeFileSync(env.CLOSE_MARK, "closed"));
});`,
      // Whether the close hook already ran while this request was still in flight.
      "routes/slow.ts": `import { existsSync } from "node:fs";
import { env } from "node:process";
export default async () => {
  await new Promise((r) => setTimeout(r, 500));
  return { waited: true, closedEarly: existsSync(env.CLOSE_MARK) };
};`,
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(app, file, ".."), { recursive: true });
      writeFileSync(join(app, file), text);
    }
    out = await buildAndCopy(app, { platform: "deno" });
    const mark = join(out, "closed.txt");
    const [, ...args] = startTask().split(" ");
    const server = await startServer(findDeno(), args, { cwd: join(out, ".output"), env: { CLOSE_MARK: mark, DENO_NO_UPDATE_CHECK: "1" } });
    const inflight = fetch(`${server.url}/slow`).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 100));
    const exited = server.stop("SIGTERM");
    expect(await inflight).toEqual({ waited: true, closedEarly: false });
    expect(await exited, server.output()).toBe(0);
    expect(existsSync(mark)).toBe(true);
    await expect(fetch(server.url)).rejects.toThrow();
  });
});
