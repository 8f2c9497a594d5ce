import { join } from "node:path";
import { expect } from "vitest";
import { describePlatformBuilds } from "../../../engine/test/platform-builds.ts";

describePlatformBuilds("vanilla-links", join(import.meta.dirname, ".."), {
  // On Cloudflare the links and counters go to the KV binding `DATA`.
  async probe(fetch) {
    const created = await fetch("/api/links", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "https://example.com/", slug: "edge" }),
    });
    expect(created.status).toBe(201);
    const hop = await fetch("/s/edge", { redirect: "manual" });
    expect([hop.status, hop.headers.get("location")]).toEqual([302, "https://example.com/"]);
    expect((await (await fetch("/api/links")).json()).links).toMatchObject([{ slug: "edge", hits: 1 }]);
  },
});
