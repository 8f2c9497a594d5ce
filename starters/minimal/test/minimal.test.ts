// The minimal starter is what the README's `npm start` serves: run it the same way (the CLI's
// `edgeplate dev`), then as its production build, copied away from the repository.
import { join } from "node:path";
import { startBuilt, startDev, type RunningServer } from "edgeplate/testing";
import { describe, expect, it } from "vitest";

const starter = join(import.meta.dirname, "..");

/** What a visitor of the starter gets, whichever way it is served. */
async function expectStarter({ fetch }: RunningServer): Promise<void> {
  const page = await fetch("/");
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  expect(await page.text()).toContain("Edgeplate minimal starter");

  const hello = await fetch("/api/hello?name=Ada");
  expect(await hello.json()).toEqual({ message: "Hello, Ada!" });
  // The route rule on /api/**.
  expect(hello.headers.get("x-powered-by")).toBe("edgeplate");
  expect(hello.headers.get("access-control-allow-origin")).toBe("*");

  expect(await (await fetch("/api/users/2")).json()).toEqual({ id: "2", name: "Alan Turing" });
  const missing = await fetch("/api/users/9");
  expect(missing.status).toBe(404);
  expect(await missing.json()).toMatchObject({ error: true, status: 404, message: "No user with id 9" });

  const post = (body: string) => fetch("/api/echo", { method: "POST", headers: { "content-type": "application/json" }, body });
  expect(await (await post(JSON.stringify({ message: "hi" }))).json()).toMatchObject({ echo: "hi" });
  expect((await post("{not json")).status).toBe(400);
  expect((await post(JSON.stringify({}))).status).toBe(400);

  const old = await fetch("/old-hello", { redirect: "manual" });
  expect([old.status, old.headers.get("location")]).toEqual([307, "/api/hello"]);
}

describe("starters/minimal", () => {
  it("serves with `edgeplate dev`, as `npm run dev` (and the repository's `npm start`) runs it", async () => {
    const server = await startDev(starter);
    try {
      await expectStarter(server);
    } finally {
      await server.stop();
    }
  });

  it("serves its node-server build from a copy of .output", async () => {
    const server = await startBuilt(starter, { platform: "node-server" });
    try {
      await expectStarter(server);
    } finally {
      await server.stop();
    }
  });
});
