// The minimal starter is what the README's `npm start` serves: run it the same way (the CLI's
// `edgeplate dev`), then as its production build, copied away from the repository.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildAndCopy, freePort, removeDir, startServer, waitFor } from "../../../engine/test/helpers.ts";

const starter = join(import.meta.dirname, "..");
const bin = join(import.meta.dirname, "../../../engine/bin/edgeplate.mjs");
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** What a visitor of the starter gets, whichever way it is served. */
async function expectStarter(base: string): Promise<void> {
  const page = await fetch(`${base}/`);
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  expect(await page.text()).toContain("Edgeplate minimal starter");

  const hello = await fetch(`${base}/api/hello?name=Ada`);
  expect(await hello.json()).toEqual({ message: "Hello, Ada!" });
  // The route rule on /api/**.
  expect(hello.headers.get("x-powered-by")).toBe("edgeplate");
  expect(hello.headers.get("access-control-allow-origin")).toBe("*");

  expect(await (await fetch(`${base}/api/users/2`)).json()).toEqual({ id: "2", name: "Alan Turing" });
  const missing = await fetch(`${base}/api/users/9`);
  expect(missing.status).toBe(404);
  expect(await missing.json()).toMatchObject({ error: true, status: 404, message: "No user with id 9" });

  const post = (body: string) => fetch(`${base}/api/echo`, { method: "POST", headers: { "content-type": "application/json" }, body });
  expect(await (await post(JSON.stringify({ message: "hi" }))).json()).toMatchObject({ echo: "hi" });
  expect((await post("{not json")).status).toBe(400);
  expect((await post(JSON.stringify({}))).status).toBe(400);

  const old = await fetch(`${base}/old-hello`, { redirect: "manual" });
  expect([old.status, old.headers.get("location")]).toEqual([307, "/api/hello"]);
}

describe("starters/minimal", () => {
  it("serves with `edgeplate dev`, as `npm start` runs it", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [bin, "dev", "--port", String(port), "--host", "127.0.0.1"], { cwd: starter, stdio: "ignore" });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor(() => fetch(`${base}/api/hello`), 30_000);
      await expectStarter(base);
    } finally {
      child.kill();
    }
  });

  it("serves its node-server build from a copy of .output", async () => {
    const dir = await buildAndCopy(starter);
    dirs.push(dir);
    const server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir });
    try {
      await expectStarter(server.url);
    } finally {
      await server.stop();
    }
  });
});
