import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
// The bench's own measuring helpers: the same loop, shorter.
import { get, isAnswer, treeRss } from "../../bench/dev-loop.mjs";
import { startServer, type RunningServer } from "./helpers.ts";

// Inside the repo so the copy resolves `edgeplate` from the workspace's node_modules.
const tmp = join(import.meta.dirname, ".tmp");
const app = join(tmp, `dev-loop-${process.pid}`);
const outside = join(tmp, `outside-${process.pid}.ts`);
const route = join(app, "routes/api/loop.ts");
let server: RunningServer;

beforeAll(async () => {
  mkdirSync(app, { recursive: true });
  cpSync(join(import.meta.dirname, "../../starters/minimal"), app, { recursive: true, filter: (src) => !src.includes("node_modules") && !src.includes(".edgeplate") });
  writeFileSync(outside, `export const where = "outside v0";\n`);
  writeFileSync(route, `export default () => ({ v: 0 });\n`);
  // The CLI in its own process, so the RSS measured is the dev server's alone (its threads included).
  server = await startServer(process.execPath, [join(import.meta.dirname, "../bin/edgeplate.mjs"), "dev", app, "--host", "127.0.0.1"], { cwd: app });
});

afterAll(async () => {
  await server?.stop();
  rmSync(app, { recursive: true, force: true });
  rmSync(outside, { force: true });
});

it("answers 30 edits in a row with the new code each time, removes old builds, and does not grow", async () => {
  let stale = 0;
  let rssFirst = 0;
  for (let i = 1; i <= 30; i++) {
    writeFileSync(route, `export default () => ({ v: ${i} });\n`);
    const res = await get(`${server.url}/api/loop`);
    if (!isAnswer(res, i)) stale++;
    if (i === 1) rssFirst = treeRss(server.child.pid!);
  }
  expect(stale).toBe(0);
  // Never one folder per edit: replaced builds are removed once their runner has closed (which,
  // on a loaded machine, may still be under way for the last one or two; a close waits 5 s at most for
  // requests in flight), leaving the current one.
  await expect.poll(() => readdirSync(join(app, ".edgeplate/dev")).length, { timeout: 8000 }).toBeLessThanOrEqual(2);
  expect(treeRss(server.child.pid!)).toBeLessThan(rssFirst * 1.3);
});

it("sees an edit of a file imported from outside the app folder at once", async () => {
  writeFileSync(route, `import { where } from "../../../outside-${process.pid}";\nexport default () => ({ where });\n`);
  expect(JSON.parse((await get(`${server.url}/api/loop`)).body)).toEqual({ where: "outside v0" });
  for (let i = 1; i <= 5; i++) {
    writeFileSync(outside, `export const where = "outside v${i}";\n`);
    expect(JSON.parse((await get(`${server.url}/api/loop`)).body)).toEqual({ where: `outside v${i}` });
  }
});

it("answers a broken route with its file, 1-based line:column and source line, then recovers", async () => {
  writeFileSync(route, `export default () => ({ v: 1 ));\n`);
  const res = await get(`${server.url}/api/loop`);
  expect(res.status).toBe(500);
  expect(JSON.parse(res.body).message).toBe(`routes/api/loop.ts:1:30: Expected "}" but found ")"\n  1 | export default () => ({ v: 1 ));\n    | ${" ".repeat(29)}^`);
  writeFileSync(route, `export default () => ({ v: "fixed" });\n`);
  expect(JSON.parse((await get(`${server.url}/api/loop`)).body)).toEqual({ v: "fixed" });
});
