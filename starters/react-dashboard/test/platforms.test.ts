import { join } from "node:path";
import { checkSpaBuild, platformsToTest, type Fetch } from "edgeplate/testing";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");

// On Cloudflare the expenses go to KV (`DATA`) and the cached summaries to KV (`CACHE`); the POST
// invalidates the summaries an earlier request cached.
async function probe(fetch: Fetch): Promise<void> {
  const first = await (await fetch("/api/summary?days=7")).json();
  expect(first.cache.cached).toBe(false);
  expect((await (await fetch("/api/summary?days=7")).json()).cache.cached).toBe(true);
  const body = JSON.stringify({ amount: "12.5", category: "Meals", date: new Date().toISOString().slice(0, 10), note: "" });
  expect((await fetch("/api/expenses", { method: "POST", headers: { "content-type": "application/json" }, body })).status).toBe(201);
  expect((await (await fetch("/api/summary?days=7")).json()).summary).toMatchObject({ total: 1250, count: 1 });
}

// node-cluster workers each keep their own memory cache (the default mount, documented), so a
// second request may reach a worker that has not cached the summary yet: one worker here, where
// the probe checks caching; a shared cache across workers needs a Redis `cache` mount.
const env = (platform: string): Record<string, string> => (platform === "node-cluster" ? { EDGEPLATE_CLUSTER_WORKERS: "1" } : {});

// Built for every installed platform, copied away and run with that platform's preview.
describe("react-dashboard on every installed platform", () => {
  for (const { name, skip, title } of platformsToTest(root)) {
    it.skipIf(skip)(title, () => checkSpaBuild(root, { platform: name, probe, env: env(name) }), 180_000);
  }
});
