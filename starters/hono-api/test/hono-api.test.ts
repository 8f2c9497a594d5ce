// The starter as `npm run dev` serves it (`edgeplate dev`), then as its node-server build copied
// away from the repository: the Hono app in server.ts and the file routes beside it.
import { join } from "node:path";
import { startBuilt, startDev, type Fetch, type RunningServer } from "edgeplate/testing";
import { describe, expect, it } from "vitest";
import { expectLibrary, json } from "./library.ts";

const starter = join(import.meta.dirname, "..");
/** Bad input and unknown paths get Edgeplate's JSON errors, whoever was asked. */
async function expectErrors(fetch: Fetch): Promise<void> {
  const invalid = await fetch("/api/books", { method: "POST", headers: json, body: JSON.stringify({ title: " " }) });
  expect(invalid.status).toBe(400);
  expect(await invalid.json()).toMatchObject({
    error: true,
    status: 400,
    message: "Some fields need fixing.",
    data: { fields: { title: "Give the book a title.", author: "Name the author." } },
  });
  const malformed = await fetch("/api/books", { method: "POST", headers: json, body: "{not json" });
  expect(malformed.status).toBe(400);
  expect(await malformed.json()).toMatchObject({ error: true, status: 400 });
  const unknown = await fetch("/api/nope");
  expect([unknown.status, unknown.statusText]).toEqual([404, "Not Found"]);
  expect(await unknown.json()).toMatchObject({ error: true, status: 404, message: "No route matches GET /api/nope" });
  // Outside /api: the public page (files answer before server.ts), then the Hono app's not-found, as JSON.
  const page = await fetch("/");
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  expect(await page.text()).toContain("Edgeplate + Hono starter");
  const nowhere = await fetch("/nowhere");
  expect([nowhere.status, nowhere.headers.get("content-type")]).toEqual([404, "application/json; charset=utf-8"]);
  expect(await nowhere.json()).toMatchObject({ error: true, status: 404, message: "No route matches GET /nowhere" });
}

async function check(server: RunningServer): Promise<void> {
  await expectLibrary(server.fetch);
  await expectErrors(server.fetch);
}

describe("starters/hono-api", () => {
  it("serves with `edgeplate dev`, as `npm run dev` runs it", async () => {
    const server = await startDev(starter);
    try {
      await check(server);
    } finally {
      await server.stop();
    }
  });

  it("serves its node-server build from a copy of .output", async () => {
    const server = await startBuilt(starter, { platform: "node-server" });
    try {
      await check(server);
    } finally {
      await server.stop();
    }
  });
});
