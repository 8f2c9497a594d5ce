import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { getStore } from "@netlify/blobs";
import { BlobsServer } from "@netlify/blobs/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

async function importFunction(): Promise<NetlifyFunction> {
  return ((await import(pathToFileURL(functionFile()).href)) as { default: NetlifyFunction }).default;
}

describeConformance({
  platform: "netlify",
  fixture,
  // The contract's default SQLite file needs a disk that outlives the request; functions have none.
  lacks: { database: "no default database on serverless functions; an app configures one (postgresql, neon, …) in `database`" },
  async start({ outDir, env }) {
    const restore = setEnv(env);
    const fn = await importFunction();
    const pending: Promise<unknown>[] = [];
    // Netlify's CDN answers dist/ (preferStatic); everything else reaches the function with its context.
    const host = createFunctionHost({ staticDir: join(outDir, "dist"), handler: (req) => fn(req, { ip: "127.0.0.1", waitUntil: (p) => void pending.push(p) }) });
    return {
      fetch: (path, init) => host(new Request(`https://site.netlify.app${path}`, init)),
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
