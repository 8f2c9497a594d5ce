import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuilt, type BuiltServer } from "edgeplate/testing";

const root = join(import.meta.dirname, "..");

// Many requests for one slug at once, against the built node-server output and its default
// file storage (`.data/kv`, where two unordered writes to one file interleave).
describe("vanilla-links under concurrent requests, built for node-server", () => {
  let server: BuiltServer;
  beforeAll(async () => {
    server = await startBuilt(root, { platform: "node-server" });
  });
  afterAll(() => server?.stop());

  const create = (body: object) => fetch(`${server.url}/api/links`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("gives a taken slug to exactly one of many simultaneous creates", async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => create({ url: `https://example.com/${i}`, slug: "launch" })));
    const statuses = responses.map((res) => res.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);

    const winner = await responses.find((res) => res.status === 201)!.json();
    const loser = await responses.find((res) => res.status === 409)!.json();
    expect(loser.data.fields.slug).toBe("That short name is taken. Pick another one.");

    // The stored file is the winner's link, whole: no second write landed on top of it.
    const { hits, ...link } = winner.link;
    expect(hits).toBe(0);
    expect(JSON.parse(readFileSync(join(server.dir, ".data/kv/links/launch"), "utf8"))).toEqual(link);
    const list = await (await fetch(`${server.url}/api/links`)).json();
    expect(list.links).toEqual([winner.link]);
    const hop = await fetch(`${server.url}/s/launch`, { redirect: "manual" });
    expect([hop.status, hop.headers.get("location")]).toEqual([302, link.url]);
  });

  it("counts every one of many simultaneous clicks", async () => {
    expect((await create({ url: "https://example.com/busy", slug: "busy" })).status).toBe(201);
    const clicks = 40;
    const hops = await Promise.all(Array.from({ length: clicks }, () => fetch(`${server.url}/s/busy`, { redirect: "manual" })));
    expect(hops.map((res) => res.status)).toEqual(Array(clicks).fill(302));
    const list = await (await fetch(`${server.url}/api/links`)).json();
    expect(list.links.find((link: { slug: string }) => link.slug === "busy")).toMatchObject({ hits: clicks });
  });
});
