import { join } from "node:path";
import { checkSpaBuild, platformsToTest, type Fetch } from "edgeplate/testing";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

// On Cloudflare the links and counters go to the KV binding `DATA`.
async function probe(fetch: Fetch): Promise<void> {
  const created = await fetch("/api/links", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: "https://example.com/", slug: "edge" }),
  });
  expect(created.status).toBe(201);
  const hop = await fetch("/s/edge", { redirect: "manual" });
  expect([hop.status, hop.headers.get("location")]).toEqual([302, "https://example.com/"]);
  expect((await (await fetch("/api/links")).json()).links).toMatchObject([{ slug: "edge", hits: 1 }]);
}

// Built for every installed platform, copied away and run with that platform's preview.
describe("vanilla-links on every installed platform", () => {
  for (const { name, skip, title } of platformsToTest(root)) {
    it.skipIf(skip)(title, () => checkSpaBuild(root, { platform: name, probe }), 180_000);
  }
});
