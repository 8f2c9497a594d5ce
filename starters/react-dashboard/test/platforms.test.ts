import { join } from "node:path";
import { expect } from "vitest";
import { describePlatformBuilds } from "../../../engine/test/platform-builds.ts";

describePlatformBuilds("react-dashboard", join(import.meta.dirname, ".."), {
  // On Cloudflare the expenses go to KV (`DATA`) and the cached summaries to KV (`CACHE`); the POST
  // invalidates the summaries an earlier request cached.
  async probe(fetch) {
    const first = await (await fetch("/api/summary?days=7")).json();
    expect(first.cache.cached).toBe(false);
    expect((await (await fetch("/api/summary?days=7")).json()).cache.cached).toBe(true);
    const body = JSON.stringify({ amount: "12.5", category: "Meals", date: new Date().toISOString().slice(0, 10), note: "" });
    expect((await fetch("/api/expenses", { method: "POST", headers: { "content-type": "application/json" }, body })).status).toBe(201);
    expect((await (await fetch("/api/summary?days=7")).json()).summary).toMatchObject({ total: 1250, count: 1 });
  },
});
