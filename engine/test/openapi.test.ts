import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOptions } from "../src/build/options.ts";
import { startDev } from "../src/testing/index.ts";
import { buildAndCopy, removeDir, startServer, type RunningServer } from "./helpers.ts";

// `/_openapi.json` and `/_docs` (issue 10) for the typed-api fixture, whose config says `openapi: true`.
const fixture = join(import.meta.dirname, "fixtures/typed-api");
let outDir: string;
let server: RunningServer;

beforeAll(async () => {
  outDir = await buildAndCopy(fixture);
  server = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: outDir });
});

afterAll(async () => {
  await server?.stop();
  if (outDir) removeDir(outDir);
});

describe("/_openapi.json in production with `openapi: true`", () => {
  let doc: any;
  beforeAll(async () => {
    const res = await server.fetch("/_openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    doc = await res.json();
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(doc.info).toEqual({ title: "fixture-typed-api", version: "0.0.0" });
  });

  it("lists every route of the app with its methods", () => {
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/api/cached",
        "/api/fetch/in-process",
        "/api/fetch/on-behalf",
        "/api/fetch/whoami",
        "/api/files/{path}",
        "/api/hello",
        "/api/items",
        "/api/notes",
        "/api/todos",
        "/api/users/{id}",
      ].sort(),
    );
    expect(Object.keys(doc.paths["/api/items"]).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/users/{id}"])).toEqual(["get"]);
    expect(Object.keys(doc.paths["/api/todos"])).toEqual(["post"]);
    // No suffix: every method.
    expect(Object.keys(doc.paths["/api/files/{path}"]).sort()).toEqual(["delete", "get", "patch", "post", "put"]);
  });

  it("gives params from the file names, catch-alls included", () => {
    expect(doc.paths["/api/users/{id}"].get.parameters).toEqual([{ name: "id", in: "path", required: true, schema: { type: "string" } }]);
    expect(doc.paths["/api/files/{path}"].get.parameters).toEqual([
      { name: "path", in: "path", required: true, schema: { type: "string" }, description: expect.stringContaining("/") },
    ]);
  });

  it("converts validators to JSON Schema with the validator's own support (zod)", () => {
    const todos = doc.paths["/api/todos"].post;
    expect(todos.requestBody.content["application/json"].schema).toEqual({
      type: "object",
      properties: { title: { type: "string", minLength: 1 }, done: { type: "boolean", default: false } },
      // Input schema: `done` has a default, so a client may leave it out.
      required: ["title"],
    });
    expect(todos.parameters).toEqual([
      { name: "list", in: "query", required: true, schema: { type: "string", minLength: 1 } },
      { name: "notify", in: "query", required: false, schema: { type: "string", enum: ["yes", "no"] } },
    ]);
    expect(todos.responses["400"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    expect(doc.components.schemas.Error.required).toEqual(["error", "status", "statusText", "message"]);
  });

  it("says when a validator has no JSON Schema (valibot without @valibot/to-json-schema)", () => {
    expect(doc.paths["/api/notes"].post.requestBody.content["application/json"].schema).toEqual({ description: expect.stringContaining("valibot") });
  });

  it("merges defineRouteMeta({ openAPI }), read from the route file at build time", () => {
    expect(doc.paths["/api/hello"].get).toMatchObject({
      tags: ["greetings"],
      summary: "Says hello",
      description: "The plainest route.",
      responses: { 200: { description: "A greeting" } },
    });
    expect(doc.paths["/api/todos"].post).toMatchObject({ tags: ["todos"], summary: "Creates a todo" });
  });

  it("has no /_docs outside dev", async () => {
    expect((await server.fetch("/_docs")).status).toBe(404);
  });
});

describe("without `openapi: true`", () => {
  it("a production build serves no /_openapi.json", async () => {
    const dir = await buildAndCopy(fixture, { openapi: false });
    const plain = await startServer(process.execPath, [".output/server/index.mjs"], { cwd: dir });
    try {
      expect((await plain.fetch("/_openapi.json")).status).toBe(404);
      expect((await plain.fetch("/api/hello")).status).toBe(200);
    } finally {
      await plain.stop();
      removeDir(dir);
    }
  });
});

describe("the `openapi` config key", () => {
  it("is on in dev, off in production unless set, and must be a boolean", async () => {
    expect((await loadOptions({ rootDir: fixture, dev: true, overrides: { openapi: false } })).openapi).toBe(true);
    expect((await loadOptions({ rootDir: fixture, overrides: { openapi: false } })).openapi).toBe(false);
    expect((await loadOptions({ rootDir: fixture })).openapi).toBe(true);
    await expect(loadOptions({ rootDir: fixture, overrides: { openapi: "yes" as never } })).rejects.toThrow(
      /^\[edgeplate\] \[config\] `openapi` must be `true` or `false`, got `"yes"`/,
    );
  });
});

describe("in dev", () => {
  it("serves /_openapi.json and the Scalar reference page at /_docs", async () => {
    const dev = await startDev(fixture);
    try {
      const doc = (await (await dev.fetch("/_openapi.json")).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toContain("/api/todos");
      const page = await dev.fetch("/_docs");
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).toContain("@scalar/api-reference");
      expect(html).toContain('url: "/_openapi.json"');
    } finally {
      await dev.stop();
    }
  });
});
