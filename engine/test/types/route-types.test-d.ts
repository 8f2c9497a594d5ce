// Type tests for the generated route types, on the typed-api fixture (after `edgeplate prepare`):
// run by vitest's typecheck (engine/test/types/vitest.config.ts) and by route-types.test.ts under
// both TypeScript 7 and 5.9. Nothing here runs: the calls only have to type-check.
import type { EventHandler, EventHandlerRequest } from "h3";
import { describe, expectTypeOf, test } from "vitest";
import { $fetch, defineHandler, defineValidatedHandler } from "edgeplate";
import { $fetch as clientFetch } from "edgeplate/client";
import type { DynamicParam, EdgeplateRouteParams, Endpoint, RouteBody, RouteParams, RouteQuery, RouteResponse } from "edgeplate/route-types";
import { z } from "zod";
import type { FetchResponse } from "ofetch";

declare const id: string;
declare const segments: string;

// A route whose validators take `any`, added to the exact-match table for this program only (the
// fixture's routes stay as they are for the runtime and OpenAPI tests): entries as the generated
// types write them for a validated route.
const anyInput = defineValidatedHandler({ validate: { body: z.any(), query: z.any() }, handler: () => ({ ok: true as const }) });
declare module "edgeplate/route-types" {
  interface EdgeplateExactRoutes {
    "/api/any-input": { POST: { response: RouteResponse<typeof anyInput>; body: RouteBody<typeof anyInput>; query: RouteQuery<typeof anyInput> } };
  }
}

// A tree where a static segment and a param are siblings, added to the route tree for this program
// only: `$fetch` looks the first two segments of a path up by key before fetchdts walks the rest,
// and must still reach the param where the static branch reaches no route, as fetchdts (and the
// router) do.
declare module "edgeplate/route-types" {
  interface EdgeplateRoutes {
    "/precedence": {
      "/static": { "/only": { [Endpoint]: { GET: { response: "static" } } }; "/deep": { "/x": { [Endpoint]: { GET: { response: "static, deep" } } } } };
      [DynamicParam]: { "/other": { [Endpoint]: { GET: { response: "param" } } }; "/deep": { "/y": { [Endpoint]: { GET: { response: "param, deep" } } } } };
    };
  }
}

describe("responses", () => {
  test("a plain route answers its handler's return value, for every method", async () => {
    expectTypeOf(await $fetch("/api/hello")).toEqualTypeOf<{ hello: "world" }>();
    expectTypeOf(await $fetch("/api/hello", { method: "DELETE" })).toEqualTypeOf<{ hello: "world" }>();
  });

  test("a param in a template literal matches `/api/users/:id`", async () => {
    expectTypeOf(await $fetch(`/api/users/${id}`)).toEqualTypeOf<{ id: string; name: string }>();
    expectTypeOf(await $fetch("/api/users/42")).toEqualTypeOf<{ id: string; name: string }>();
  });

  test("a query string, a hash or a trailing slash in the path is not part of the route", async () => {
    expectTypeOf(await $fetch("/api/hello?x=1")).toEqualTypeOf<{ hello: "world" }>();
    expectTypeOf(await $fetch("/api/hello/")).toEqualTypeOf<{ hello: "world" }>();
    expectTypeOf(await $fetch(`/api/users/${id}?full=1`)).toEqualTypeOf<{ id: string; name: string }>();
    expectTypeOf(await $fetch(`/api/users/${id}#top`)).toEqualTypeOf<{ id: string; name: string }>();
  });

  test("a static segment first; a param sibling where the static branch reaches no route", async () => {
    expectTypeOf(await $fetch("/precedence/static/only")).toEqualTypeOf<"static">();
    expectTypeOf(await $fetch("/precedence/static/other")).toEqualTypeOf<"param">();
    expectTypeOf(await $fetch(`/precedence/${id}/other`)).toEqualTypeOf<"param">();
    expectTypeOf(await $fetch("/precedence/static/deep/x")).toEqualTypeOf<"static, deep">();
    expectTypeOf(await $fetch("/precedence/static/deep/y")).toEqualTypeOf<"param, deep">();
    // @ts-expect-error neither branch reaches it
    await $fetch("/precedence/static/nope");
  });

  test("a catch-all takes any depth", async () => {
    expectTypeOf(await $fetch("/api/files/a/b/c.txt")).toEqualTypeOf<{ path: string; method: string }>();
    expectTypeOf(await $fetch(`/api/files/${segments}`)).toEqualTypeOf<{ path: string; method: string }>();
  });

  test("method-split files answer per method", async () => {
    expectTypeOf(await $fetch("/api/items"))
      .toHaveProperty("items")
      .toEqualTypeOf<string[]>();
    expectTypeOf(await $fetch("/api/items")).not.toHaveProperty("created");
    expectTypeOf(await $fetch("/api/items", { method: "POST", body: { name: "x" } })).toEqualTypeOf<{ created: string | null; contentType: string | null }>();
    expectTypeOf(await $fetch("/api/items", { method: "post", body: { name: "x" } })).toEqualTypeOf<{ created: string | null; contentType: string | null }>();
  });

  test("a cached handler answers what its handler returns", async () => {
    expectTypeOf(await $fetch("/api/cached")).toEqualTypeOf<{ calls: number }>();
  });

  test("validated routes answer their handler's value", async () => {
    expectTypeOf(await $fetch("/api/todos", { method: "POST", body: { title: "x" }, query: { list: "home" } })).toEqualTypeOf<{
      todo: { title: string; done: boolean };
      list: string;
    }>();
    expectTypeOf(await $fetch("/api/notes", { method: "POST", body: { text: "abc" } })).toEqualTypeOf<{ note: { text: string } }>();
  });

  test("raw, responseType, and the browser's $fetch", async () => {
    expectTypeOf(await $fetch.raw("/api/hello")).toEqualTypeOf<FetchResponse<{ hello: "world" }>>();
    expectTypeOf(await $fetch("/api/hello", { responseType: "text" })).toEqualTypeOf<string>();
    expectTypeOf(await clientFetch("/api/hello")).toEqualTypeOf<{ hello: "world" }>();
    expectTypeOf(await clientFetch(`/api/users/${id}`)).toEqualTypeOf<{ id: string; name: string }>();
  });

  test("what the route types cannot check is accepted and untyped", async () => {
    expectTypeOf(await $fetch("https://example.com/api/anything")).toBeUnknown();
    expectTypeOf(await $fetch(new URL("https://example.com"))).toBeUnknown();
    const somePath: string = `/api/${id}`;
    expectTypeOf(await $fetch(somePath)).toBeUnknown();
    // Naming the response type is a cast: the path is then not checked.
    expectTypeOf(await $fetch<{ links: string[] }>("/api/links", { method: "POST", body: { any: 1 } })).toEqualTypeOf<{ links: string[] }>();
  });

  test("a Response or a stream is unknown; so is an untyped handler", () => {
    expectTypeOf<RouteResponse<EventHandler<EventHandlerRequest, Response>>>().toBeUnknown();
    expectTypeOf<RouteResponse<EventHandler<EventHandlerRequest, Promise<ReadableStream>>>>().toBeUnknown();
    expectTypeOf<RouteResponse<any>>().toBeUnknown();
    const handler = defineHandler(async () => ({ ok: true as const }));
    expectTypeOf<RouteResponse<typeof handler>>().toEqualTypeOf<{ ok: true }>();
  });
});

describe("inputs read from the validators", () => {
  test("the schemas' input types; an all-optional query may be left out", () => {
    const handler = defineValidatedHandler({
      validate: { body: z.object({ n: z.coerce.number(), tags: z.array(z.string()).default([]) }), query: z.object({ page: z.string().optional() }) },
      handler: () => "ok",
    });
    expectTypeOf<RouteBody<typeof handler>>().toEqualTypeOf<{ n: unknown; tags?: string[] | undefined }>();
    expectTypeOf<RouteQuery<typeof handler>>().toEqualTypeOf<{ page?: string | undefined } | undefined>();
  });

  test("a body or query whose validator's input is `any` may be left out", async () => {
    // Such a validator (`z.any()`, a schema typed `StandardSchemaV1<any>`) accepts a missing body
    // or query, so `$fetch` does not require one; what is sent is not checked either.
    expectTypeOf<RouteBody<typeof anyInput>>().toBeAny();
    expectTypeOf(await $fetch("/api/any-input", { method: "POST" })).toEqualTypeOf<{ ok: true }>();
    expectTypeOf(await $fetch("/api/any-input", { method: "POST", body: 1, query: { x: 1 } })).toEqualTypeOf<{ ok: true }>();
    // @ts-expect-error still a POST route
    await $fetch("/api/any-input");
  });

  test("a route without validators takes any body and query", () => {
    const handler = defineHandler(() => "ok");
    expectTypeOf<RouteBody<typeof handler>>().toBeUnknown();
    expectTypeOf<RouteQuery<typeof handler>>().toBeUnknown();
  });
});

describe("params", () => {
  test("each pattern's params, catch-alls as strings", () => {
    expectTypeOf<RouteParams<"/api/users/:id">>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<RouteParams<"/api/files/**:path">>().toEqualTypeOf<{ path: string }>();
    expectTypeOf<EdgeplateRouteParams["/api/hello"]>().toEqualTypeOf<{}>();
  });
});

describe("mistakes are compile errors", () => {
  test("a path no route answers", async () => {
    // @ts-expect-error no route matches
    await $fetch("/api/nope");
    // @ts-expect-error no route matches, also with a param
    await $fetch(`/api/nope/${id}`);
    // @ts-expect-error the browser's $fetch too
    await clientFetch("/api/helo");
  });

  test("a method the route does not answer", async () => {
    // @ts-expect-error users/[id] is GET only
    await $fetch("/api/users/1", { method: "DELETE" });
    // @ts-expect-error todos is POST only: a bare call is a GET
    await $fetch("/api/todos");
  });

  test("a missing or wrong body", async () => {
    // @ts-expect-error the body is required
    await $fetch("/api/todos", { method: "POST", query: { list: "home" } });
    // @ts-expect-error title is a string
    await $fetch("/api/todos", { method: "POST", body: { title: 1 }, query: { list: "home" } });
    // @ts-expect-error valibot's schema: text is required
    await $fetch("/api/notes", { method: "POST", body: {} });
    // the schema's *input*: `done` has a default, so it may be left out, and given
    await $fetch("/api/todos", { method: "POST", body: { title: "x", done: true }, query: { list: "home" } });
  });

  test("a missing or wrong query", async () => {
    // @ts-expect-error the query is required
    await $fetch("/api/todos", { method: "POST", body: { title: "x" } });
    // @ts-expect-error `lst` is not in the schema
    await $fetch("/api/todos", { method: "POST", body: { title: "x" }, query: { lst: "home" } });
    // @ts-expect-error notify is "yes" | "no"
    await $fetch("/api/todos", { method: "POST", body: { title: "x" }, query: { list: "home", notify: "maybe" } });
  });

  test("misusing the response", async () => {
    const hello = await $fetch("/api/hello");
    // @ts-expect-error no such field
    void hello.goodbye;
    const user = await $fetch(`/api/users/${id}`);
    // @ts-expect-error id is a string
    const n: number = user.id;
    void n;
  });
});
