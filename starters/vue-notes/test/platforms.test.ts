import { join } from "node:path";
import { expect } from "vitest";
import { describePlatformBuilds } from "../../../engine/test/platform-builds.ts";

describePlatformBuilds("vue-notes", join(import.meta.dirname, ".."), {
  // On Cloudflare the notes go to the D1 binding `DB`, with no Cloudflare code in the starter.
  async probe(fetch) {
    const json = { method: "POST", headers: { "content-type": "application/json" } };
    expect((await fetch("/api/notes", { ...json, body: JSON.stringify({ title: "" }) })).status).toBe(400);
    expect((await fetch("/api/notes", { ...json, body: JSON.stringify({ title: "On the edge" }) })).status).toBe(201);
    expect((await (await fetch("/api/notes?q=edge")).json()).notes).toMatchObject([{ title: "On the edge" }]);
  },
});
