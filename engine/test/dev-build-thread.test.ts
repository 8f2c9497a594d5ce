import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { afterAll, expect, it } from "vitest";
import { createDevController } from "../src/build/index.ts";
import { removeDir } from "./helpers.ts";
import { createLinkedApp } from "./linked-app.ts";

// The dev server's builds (config, hooks, rollup) run in a thread of their own (dev-build-client.ts).
// Hooks write to a log beside the app: a write in it would be a change for the watcher.
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function app(config: string): string {
  const dir = createLinkedApp({ files: { "edgeplate.config.ts": config, "routes/ver.ts": version(1) } });
  dirs.push(dir, `${dir}.log`);
  return dir;
}
const version = (v: number) => `export default () => ({ v: ${v} });\n`;
const log = (dir: string) => (existsSync(`${dir}.log`) ? readFileSync(`${dir}.log`, "utf8").trim().split("\n") : []);
const get = async (dev: { fetch: (r: Request) => Promise<Response> }) => {
  const response = await dev.fetch(new Request("http://localhost/ver"));
  return { status: response.status, body: (await response.json()) as { v?: number; message?: string } };
};

it("runs the config's hooks in the build thread, not in the dev server's", async () => {
  const dir = app(`import { appendFileSync } from "node:fs";
import { threadId } from "node:worker_threads";
export default { hooks: { "dev:reload": () => appendFileSync(import.meta.dirname + ".log", "thread " + threadId + "\\n") } };
`);
  const dev = await createDevController(dir);
  try {
    expect(await get(dev)).toEqual({ status: 200, body: { v: 1 } });
    await expect.poll(() => log(dir).length).toBe(1);
    const [line] = log(dir);
    expect(line).toMatch(/^thread \d+$/);
    expect(line).not.toBe(`thread ${threadId}`);
  } finally {
    await dev.close();
  }
});

it("a build thread that ends on its own fails that build in one line; the next change builds in a new thread", async () => {
  // The hook ends its thread (process.exit in a worker ends only the worker) while the flag file exists.
  const dir = app(`import { appendFileSync, existsSync } from "node:fs";
export default { hooks: { "dev:start": () => { appendFileSync(import.meta.dirname + ".log", "start\\n"); if (existsSync(import.meta.dirname + ".exit")) process.exit(3); } } };
`);
  dirs.push(`${dir}.exit`);
  const dev = await createDevController(dir);
  try {
    expect(await get(dev)).toEqual({ status: 200, body: { v: 1 } });
    writeFileSync(`${dir}.exit`, "");
    writeFileSync(join(dir, "routes/ver.ts"), version(2));
    const failed = await get(dev);
    expect(failed.status).toBe(500);
    expect(failed.body.message).toBe("the dev build thread ended (exit code 3); the next change builds in a new one");
    rmSync(`${dir}.exit`);
    writeFileSync(join(dir, "routes/ver.ts"), version(3));
    expect(await get(dev)).toEqual({ status: 200, body: { v: 3 } });
    // Once per build: the first, the one that ended its thread, the new thread's.
    expect(log(dir)).toEqual(["start", "start", "start"]);
  } finally {
    await dev.close();
  }
});

it("builds in the dev server's own thread when the overrides hold functions (a Vite config's inline hook)", async () => {
  const dir = app(`export default {};\n`);
  const seen: number[] = [];
  const dev = await createDevController(dir, { hooks: { "dev:reload": () => void seen.push(threadId) } });
  try {
    expect(await get(dev)).toEqual({ status: 200, body: { v: 1 } });
    await expect.poll(() => seen).toEqual([threadId]);
  } finally {
    await dev.close();
  }
});
