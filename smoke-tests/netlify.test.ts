import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { getDeployStore, getStore } from "@netlify/blobs";
import { BlobsServer } from "@netlify/blobs/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createFunctionHost } from "../engine/src/build/index.ts";
import { describeConformance } from "./conformance.ts";
import { setEnv, useBuiltFixture } from "./harness.ts";

const fixture = useBuiltFixture("netlify");
const functionFile = () => join(fixture.outDir, ".netlify/functions-internal/server/server.mjs");

type NetlifyFunction = (request: Request, context: { ip: string; waitUntil: (p: Promise<unknown>) => void }) => Promise<Response>;

/** The literal `export const config` Netlify reads from a function's entry. */
function configOf(file: string) {
  return JSON.parse(/export const config = ({[\s\S]*});\s*$/.exec(readFileSync(file, "utf8"))![1]!);
}

async function importFunction(outDir = fixture.outDir): Promise<NetlifyFunction> {
  const file = join(outDir, ".netlify/functions-internal/server/server.mjs");
  return ((await import(pathToFileURL(file).href)) as { default: NetlifyFunction }).default;
}

/**
 * Netlify Blobs as `@netlify/dev` serves them (its BlobsServer), for the whole file. `env` is what
 * Netlify hands a deployed function: where the site's Blobs live, the deploy and its region.
 */
function useBlobsServer() {
  const context = { siteID: "smoke-site", token: "smoke-token", deployID: "smoke_deploy", primaryRegion: "us-east-2" };
  const directory = mkdtempSync(join(tmpdir(), "edgeplate-blobs-"));
  let server: BlobsServer | undefined;
  let edgeURL = "";
  beforeAll(async () => {
    server = new BlobsServer({ directory, token: context.token });
    edgeURL = `http://127.0.0.1:${(await server.start()).port}`;
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(directory, { recursive: true, force: true });
  });
  return {
    /** Options for @netlify/blobs' own client, to read what the function wrote. */
    client: () => ({ siteID: context.siteID, token: context.token, edgeURL }),
    env: () => ({ NETLIFY_BLOBS_CONTEXT: Buffer.from(JSON.stringify({ ...context, edgeURL, uncachedEdgeURL: edgeURL })).toString("base64") }),
    deployID: context.deployID,
  };
}

const blobs = useBlobsServer();
const ctx = { ip: "127.0.0.1", waitUntil: () => {} };

describeConformance({
  platform: "netlify",
  fixture,
  // The contract's default SQLite file needs a disk that outlives the request; functions have none.
  lacks: { database: "no default database on serverless functions; an app configures one (postgresql, neon, …) in `database`" },
  async start({ outDir, env }) {
    // The preset's default `data` and `cache` are Netlify Blobs: every storage and cache check runs on them.
    const restore = setEnv({ ...env, ...blobs.env() });
    const fn = await importFunction();
    const pending: Promise<unknown>[] = [];
    // Netlify's CDN answers dist/ (preferStatic); everything else reaches the function with its context.
    const host = createFunctionHost({ staticDir: join(outDir, "dist"), handler: (req) => fn(req, { ip: "127.0.0.1", waitUntil: (p) => void pending.push(p) }) });
    return {
      // A function instance (AWS Lambda underneath) takes its next call only once the last one is
      // done, its waitUntil work included: with a network store, that is the cache entry's write.
      fetch: async (path, init) => {
        await Promise.allSettled(pending);
        return host(new Request(`https://site.netlify.app${path}`, init));
      },
      close: async () => {
        await Promise.allSettled(pending);
        restore();
      },
    };
  },
});

describe("netlify: output", () => {
  it("appends a literal `export const config` to the function entry", () => {
    const config = configOf(functionFile());
    expect(config).toMatchObject({ path: "/*", preferStatic: true });
    expect(config.excludedPath).toEqual(expect.arrayContaining(["/robots.txt", "/index.html", "/about/index.html", "/about", "/api/data.json"]));
    // Redirect sources too: Netlify matches the function's path before `_redirects`.
    expect(config.excludedPath).toEqual(expect.arrayContaining(["/old", "/legacy/*"]));
    // Routes living next to a prerendered file must still reach the function.
    expect(config.excludedPath).not.toContain("/api/*");
  });

  it("writes _headers and _redirects from the route rules", () => {
    const dist = join(fixture.outDir, "dist");
    expect(readFileSync(join(dist, "_headers"), "utf8")).toBe("/api/*\n  x-fixture: edgeplate\n");
    // Forced (`!`): node-server redirects before it serves a file at the path.
    expect(readFileSync(join(dist, "_redirects"), "utf8")).toBe("/old /api/hello 307!\n/legacy/* /docs/:splat 308!\n");
  });

  it("maps `isr` rules to a durable Netlify-CDN-Cache-Control", async () => {
    const fn = await importFunction();
    const res = await fn(new Request("https://site.netlify.app/isr/a/b"), { ip: "127.0.0.1", waitUntil: () => {} });
    expect(await res.json()).toEqual({ slug: "a/b", path: "/isr/a/b" });
    expect(res.headers.get("netlify-cdn-cache-control")).toBe("public, max-age=60, stale-while-revalidate=31536000, durable");
    const plain = await fn(new Request("https://site.netlify.app/api/users/1"), { ip: "127.0.0.1", waitUntil: () => {} });
    expect(plain.headers.get("netlify-cdn-cache-control")).toBeNull();
  });

  it("still writes .output/edgeplate.json", () => {
    const manifest = JSON.parse(readFileSync(join(fixture.outDir, ".output/edgeplate.json"), "utf8"));
    expect(manifest).toMatchObject({ platform: "netlify", entry: ".netlify/functions-internal/server/server.mjs", publicDir: "dist" });
  });
});

describe("netlify: the default `data` and `cache` are Netlify Blobs", () => {
  it("keeps `data` in the site's `edgeplate-data` store and cached responses in the deploy's own store", async () => {
    const restore = setEnv(blobs.env());
    try {
      // The conformance run's module: its mounts are bound to this BlobsServer already.
      const fn = await importFunction();
      const put = await fn(
        new Request("https://site.netlify.app/api/kv/default-blob", { method: "PUT", headers: { "content-type": "application/json" }, body: '{"in":"edgeplate-data"}' }),
        ctx,
      );
      expect(put.status).toBe(200);
      expect(await getStore({ name: "edgeplate-data", ...blobs.client() }).get("default-blob", { type: "json" })).toEqual({ in: "edgeplate-data" });
      const deployStore = getDeployStore({ deployID: blobs.deployID, region: "us-east-2", ...blobs.client() });
      const { blobs: entries } = await deployStore.list();
      // defineCachedHandler's entries (conformance's `/api/cached`), under the cache mount's keys.
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.map((e) => e.key).join(" ")).toMatch(/handlers/);
    } finally {
      restore();
    }
  });

  describe("without a Blobs environment", () => {
    const bare = useBuiltFixture("netlify");

    it("keeps them in memory, with one warning, and keeps answering", async () => {
      expect(process.env.NETLIFY_BLOBS_CONTEXT).toBeUndefined();
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      try {
        const fn = await importFunction(bare.outDir);
        const put = await fn(new Request("https://site.netlify.app/api/kv/k", { method: "PUT", headers: { "content-type": "application/json" }, body: '{"v":1}' }), ctx);
        expect(put.status).toBe(200);
        expect(await (await fn(new Request("https://site.netlify.app/api/kv/k"), ctx)).json()).toEqual({ value: { v: 1 } });
        const first = await fn(new Request("https://site.netlify.app/api/cached"), ctx);
        const second = await fn(new Request("https://site.netlify.app/api/cached"), ctx);
        expect([first.headers.get("x-cache"), second.headers.get("x-cache")]).toEqual(["MISS", "HIT"]);
        const lines = warn.mock.calls.map((args) => args.join(" ")).filter((line) => line.includes("Netlify Blobs"));
        expect(lines).toEqual([expect.stringMatching(/^\[edgeplate\] \[netlify\] no Netlify Blobs environment here, so storage on Netlify Blobs .* is in memory/)]);
      } finally {
        warn.mockRestore();
      }
    });
  });
});

describe("netlify: Netlify Blobs storage when configured", () => {
  const blobsFixture = useBuiltFixture("netlify", { overrides: { storage: { data: { driver: "netlify-blobs", name: "smoke-data" } } } });
  let server: BlobsServer;
  let restore: () => void;
  const blobsDir = mkdtempSync(join(tmpdir(), "edgeplate-blobs-"));
  const context = { siteID: "smoke-site", token: "smoke-token" };

  beforeAll(async () => {
    server = new BlobsServer({ directory: blobsDir, token: context.token });
    const { port } = await server.start();
    // What Netlify hands a deployed function: where Blobs live and how to authenticate.
    const encoded = Buffer.from(JSON.stringify({ ...context, edgeURL: `http://127.0.0.1:${port}`, uncachedEdgeURL: `http://127.0.0.1:${port}` })).toString("base64");
    restore = setEnv({ NETLIFY_BLOBS_CONTEXT: encoded });
  });
  afterAll(async () => {
    restore?.();
    await server?.stop();
    rmSync(blobsDir, { recursive: true, force: true });
  });

  it("stores `data` in the Blobs store the config names", async () => {
    const file = join(blobsFixture.outDir, ".netlify/functions-internal/server/server.mjs");
    const fn = ((await import(pathToFileURL(file).href)) as { default: NetlifyFunction }).default;
    const ctx = { ip: "127.0.0.1", waitUntil: () => {} };
    const put = await fn(new Request("https://site.netlify.app/api/kv/blob-key", { method: "PUT", headers: { "content-type": "application/json" }, body: '{"in":"blobs"}' }), ctx);
    expect(put.status).toBe(200);
    expect(await (await fn(new Request("https://site.netlify.app/api/kv/blob-key"), ctx)).json()).toEqual({ value: { in: "blobs" } });
    // Read back with Netlify's own client: the entry really is in the site's store.
    const store = getStore({ name: "smoke-data", ...context, edgeURL: JSON.parse(Buffer.from(process.env.NETLIFY_BLOBS_CONTEXT!, "base64").toString()).edgeURL });
    expect(await store.get("blob-key", { type: "json" })).toEqual({ in: "blobs" });
  });
});

describe("netlify: public files get node-server's cache and rule headers", () => {
  const hostRules = useBuiltFixture("netlify", { fixture: "host-rules" });
  const dist = () => join(hostRules.outDir, "dist");

  it("writes _headers: file cache-control under rule headers and cors, one block per folder where all agree", () => {
    expect(readFileSync(join(dist(), "_headers"), "utf8")).toBe(
      [
        "/robots.txt",
        "  cache-control: public, max-age=60",
        "/assets/*",
        "  cache-control: public, max-age=31536000, immutable",
        "  x-assets: 1",
        "/downloads/*",
        "  cache-control: public, max-age=3600, must-revalidate",
        "/fonts/*",
        "  access-control-allow-origin: *",
        "  access-control-expose-headers: *",
        "",
      ].join("\n"),
    );
  });

  it("routes other methods than GET on a prerendered path to a function of their own, the same server", async () => {
    const functions = join(hostRules.outDir, ".netlify/functions-internal");
    const main = configOf(join(functions, "server/server.mjs"));
    expect(main.excludedPath).toEqual(expect.arrayContaining(["/contact", "/contact/", "/contact/index.html", "/about"]));
    const file = join(functions, "server-methods/server-methods.mjs");
    expect(configOf(file)).toEqual({ path: ["/contact", "/contact/"], method: ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"] });
    const fn = ((await import(pathToFileURL(file).href)) as { default: NetlifyFunction }).default;
    const res = await fn(new Request("https://site.netlify.app/contact", { method: "POST", headers: { "content-type": "application/json" }, body: '{"name":"Ada"}' }), {
      ip: "127.0.0.1",
      waitUntil: () => {},
    });
    expect(await res.json()).toEqual({ received: { name: "Ada" } });
  });

  it("writes _redirects most specific first, whatever the config order", () => {
    expect(readFileSync(join(dist(), "_redirects"), "utf8")).toBe("/moved.txt /robots.txt 307!\n/legacy/special /special 307!\n/legacy/* /docs/:splat 308!\n");
  });
});
