import { join } from "node:path";
import { checkSpaBuild, platformsToTest, type Fetch } from "edgeplate/testing";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

// On Cloudflare the notes go to the D1 binding `DB`, with no Cloudflare code in the starter.
async function probe(fetch: Fetch): Promise<void> {
  const json = { method: "POST", headers: { "content-type": "application/json" } };
  expect((await fetch("/api/notes", { ...json, body: JSON.stringify({ title: "" }) })).status).toBe(400);
  expect((await fetch("/api/notes", { ...json, body: JSON.stringify({ title: "On the edge" }) })).status).toBe(201);
  expect((await (await fetch("/api/notes?q=edge")).json()).notes).toMatchObject([{ title: "On the edge" }]);
}

// Netlify and Vercel have no local disk, so no default database: the notes need Postgres there
// (README, "The database"), and only the SPA is checked.
const NO_DATABASE = ["netlify", "vercel"];

// Built for every installed platform, copied away and run with that platform's preview.
describe("vue-notes on every installed platform", () => {
  for (const { name, skip, title } of platformsToTest(root)) {
    const noDatabase = NO_DATABASE.includes(name);
    it.skipIf(skip)(
      noDatabase ? `${title} (the SPA only: no database without Postgres)` : title,
      () => checkSpaBuild(root, { platform: name, probe: noDatabase ? undefined : probe }),
      180_000,
    );
  }
});
