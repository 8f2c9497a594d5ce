// The typed `$fetch` signature shared by the server (`edgeplate`) and browser (`edgeplate/client`)
// entries, built on fetchdts. The route tree comes from the generated `.edgeplate/types/routes.d.ts`
// (written by `edgeplate prepare`, `build` and `dev`), which augments `EdgeplateRoutes` below; with no
// generated types the interface is empty and `$fetch` takes any path and answers `unknown`.
//
// Type-only module: imported with `import type` everywhere, so it adds nothing to a bundle.
import type { defineValidatedHandler as h3DefineValidatedHandler, EventHandlerResponse } from "h3";
import type { AnyFetchPath, AnyHTTPMethod, TypedFetchMeta, TypedFetchResolvedMeta, ValidFetchInput } from "fetchdts";
import type { CreateFetchOptions, FetchOptions, FetchResponse, MappedResponseType, ResponseType } from "ofetch";

// What the generated module imports (fetchdts's compiler emits `import type { … } from "edgeplate/route-types"`),
// so an app needs no direct dependency on fetchdts.
export type {
  AnyFetchPath,
  AnyHTTPMethod,
  DynamicParam,
  Endpoint,
  HTTPMethod,
  TypedFetchErrorBody,
  TypedFetchMethods,
  TypedFetchRequestBody,
  TypedFetchRequestHeaders,
  TypedFetchRequestQuery,
  TypedFetchRequires,
  TypedFetchResponseBody,
  TypedFetchResponseHeaders,
  ValidFetchInput,
  WildcardParam,
} from "fetchdts";

/**
 * The app's route tree in fetchdts's shape, filled by the generated `.edgeplate/types/routes.d.ts`
 * (`interface EdgeplateRoutes extends GeneratedRoutes {}`). Empty without generated types.
 */
// oxlint-disable-next-line no-empty-interface -- augmented by the generated types
export interface EdgeplateRoutes {}

/** Each route pattern's params (`"/api/users/:id": { id: string }`), filled by the generated types. */
// oxlint-disable-next-line no-empty-interface -- augmented by the generated types
export interface EdgeplateRouteParams {}

/** The params of a route pattern, e.g. `RouteParams<"/api/users/:id">` is `{ id: string }`. */
export type RouteParams<Pattern extends keyof EdgeplateRouteParams> = EdgeplateRouteParams[Pattern];

// ---------------------------------------------------------------------------------------------
// Reading a route module's default export (used by the generated types, once per route).

/**
 * The body `$fetch` gets from a route handler: its awaited return value. A `Response`, a stream
 * or binary data is not JSON, so it is `unknown`; so is an untyped (`any`) handler.
 */
// (An `any` handler infers `any`, which `JsonBody` turns into `unknown`.) A `Promise` is unwrapped by
// inference from its type argument before `Awaited` (which otherwise infers through `then`'s generic
// signature): 7% fewer instantiations on the 2,000-route bench app, where most handlers are async.
// `Awaited` only for a thenable (what a handler returns is mostly a plain object, for which `Awaited`
// still instantiates its `then` test): ~6 fewer instantiations per route. The test is against
// `PromiseLike` for the unwrapped value alone: a `Promise` related to it compares `then`'s generic
// signatures (~250 instantiations per async route).
export type RouteResponse<Handler> = Handler extends (event: never) => infer Result
  ? JsonBody<Result extends Promise<infer Value> ? (Value extends PromiseLike<unknown> ? Awaited<Value> : Value) : Result extends PromiseLike<unknown> ? Awaited<Result> : Result>
  : unknown;

/**
 * Distributes over a union: one non-JSON member makes the whole answer `unknown`. `unknown extends T`
 * holds for `any` and `unknown` alone (both answer `unknown`), without the `1 & T` intersection
 * `0 extends 1 & T` builds per route.
 */
type JsonBody<T> = unknown extends T ? unknown : T extends NotJson ? unknown : T;

/** Named once rather than written in `JsonBody`'s test: ~7 fewer instantiations per call. */
type NotJson = Response | ReadableStream | Blob | ArrayBuffer | ArrayBufferView;

/**
 * Where edgeplate's `defineValidatedHandler` keeps its schemas on the handler's type (type only;
 * nothing at run time): h3's own return type keeps only the schemas' *output* types, and reshapes
 * the query's (numbers become `never`), while a caller must send the *input* (a `.default()`ed
 * field may be left out).
 */
export declare const routeValidators: unique symbol;

/** What `validate` holds on a handler typed by {@link DefineValidatedHandler}. */
interface Validators<Body, Query> {
  body: Body;
  query: Query;
}

/**
 * A Standard Schema's input type; `unknown` (anything, not required) where no schema was given.
 * One conditional reading `types.input` in place (not `types`, then `NonNullable<…>["input"]`):
 * 6% fewer instantiations on the 2,000-route bench app. A zod 4 schema's `_zod.input` first: its
 * `~standard.types.input` is that same type (zod's `core.input<this>`) reached through three more
 * instantiations, ~38 fewer per call to a route validating a body and a query.
 *
 * Tests with no `infer` in them, and indexed accesses (`Schema["_zod"]["input"]`), here and in the
 * options below: an `extends` type holding an `infer` is a new object type per instantiation, one
 * without is built once; 2,000-route bench app, 939k → 885k instantiations with the options' tests.
 */
type SchemaInput<Schema> = Schema extends { readonly _zod: { readonly input: unknown } }
  ? Schema["_zod"]["input"]
  : Schema extends { readonly "~standard": { readonly types?: { readonly input: infer Input } | undefined } }
    ? Input
    : unknown;

/**
 * The body and query a route validates, read once per route: the schemas' input types, where the
 * handler comes from edgeplate's `defineValidatedHandler`. A plain handler (no schemas on its type)
 * takes any body and query (`unknown`); so does one from h3's own `defineValidatedHandler`, whose
 * type keeps only the output types (reading those back cost every route a walk of `H3Event`).
 * A query whose every field is optional may be left out: a URL without one is validated as `{}`.
 */
export type RouteInput<Handler> = Handler extends { readonly [routeValidators]?: Validators<infer Body, infer Query> }
  ? { body: SchemaInput<Body>; query: OptionalWhenEmpty<SchemaInput<Query>> }
  : { body: unknown; query: unknown };

/** The request body a route validates, or `unknown` (any body) where it validates none. */
export type RouteBody<Handler> = RouteInput<Handler>["body"];

/** The query a route validates, or `unknown` (any query) where it validates none. */
export type RouteQuery<Handler> = RouteInput<Handler>["query"];

type OptionalWhenEmpty<Query> = {} extends Query ? Query | undefined : Query;

/** The schema type h3 accepts (its `StandardSchemaV1`, which it does not export). */
type H3Schema = NonNullable<NonNullable<Parameters<typeof h3DefineValidatedHandler>[0]["validate"]>["body"]>;

/**
 * h3's `defineValidatedHandler`, typed so the handler also carries its schemas for the generated
 * route types (`$fetch`'s `body` and `query` are the schemas' input types). Same function, same
 * behaviour: `export const defineValidatedHandler = h3.defineValidatedHandler as DefineValidatedHandler`.
 */
export type DefineValidatedHandler = <Body extends H3Schema, HeadersSchema extends H3Schema, Query extends H3Schema, Res extends EventHandlerResponse = EventHandlerResponse>(
  def: Parameters<typeof h3DefineValidatedHandler<Body, HeadersSchema, Query, Res>>[0],
) => ReturnType<typeof h3DefineValidatedHandler<Body, HeadersSchema, Query, Res>> & { readonly [routeValidators]?: Validators<Body, Query> };

// ---------------------------------------------------------------------------------------------
// The `$fetch` signature.

/** Whether the app has generated route types: without them every path is accepted, untyped. */
type HasRoutes = [keyof EdgeplateRoutes] extends [never] ? false : true;

/**
 * fetchdts's exact-match table of the generated types (every fully static path → its endpoints),
 * filled by `.edgeplate/types/routes.d.ts`: a static path, the common case, is one lookup.
 */
// oxlint-disable-next-line no-empty-interface -- augmented by the generated types
export interface EdgeplateExactRoutes {}

/**
 * The endpoint `Path` reaches for `Method`, resolved once per call and read by every part of the
 * signature (path check, options, response): a static path that answers the method from the
 * table, anything else by fetchdts's walk of the tree (params, catch-alls, `HEAD` on a `GET`
 * route). `never` where no route answers.
 *
 * `Path extends keyof …` rather than matching the table against a one-key object
 * (`{ readonly [K in Path & string]: infer Endpoints }`): that mapped type cost every call ~57
 * instantiations, template paths too (500-route bench app: 273.5k → 264.5k with the options change
 * below). A route calling `$fetch` (static, param and validated paths) still type-checks under
 * TypeScript 5.9 and 7, with one checker and with four.
 */
type EndpointFor<Path extends string, Method extends AnyHTTPMethod> =
  // A template path (`` `/api/users/${string}` ``) is never a key of the table, and relating it to
  // the union of every static path is a scan of that union (no fast path as for a literal), so its
  // cost grew with routes × template calls: 2,000-route bench app, check time 3.1 s → 2.7 s (one
  // checker). The test is fetchdts's own for a segment known in full (`KnownSegment`).
  {} extends Record<Path, 1>
    ? Walk<Path, Method>
    : Path extends keyof EdgeplateExactRoutes
      ? Uppercase<Method> extends keyof EdgeplateExactRoutes[Path]
        ? EdgeplateExactRoutes[Path][Uppercase<Method>]
        : Walk<Path, Method>
      : Walk<Path, Method>;

/**
 * fetchdts's walk of the route tree for `Path`, with `Method`. `TypedFetchResolvedMeta` first trims a
 * query, a hash and a trailing slash from the path, three template inferences on every path (a
 * template one too); fetchdts's `TypedFetchMeta` ("dynamic": params and catch-alls, as a router
 * resolves them) takes the path as it is, so the trimming is kept for a path that may hold
 * something to trim: ~20 fewer instantiations per call on a path with a param or a catch-all.
 */
type Walk<Path extends string, Method extends AnyHTTPMethod> = Path extends `${string}${"?" | "#"}${string}` | `${string}/`
  ? TypedFetchResolvedMeta<EdgeplateRoutes, Path, Method>
  : FromPrefix<Path, Method>;

/**
 * fetchdts's walk from the node of the path's first three segments (`/api/v1/users` of
 * `` `/api/v1/users/${string}` ``), or else its first two (`/api/users`), looked up by key where
 * they are known in full and the tree has them; fetchdts's walk from the root where not, or where
 * the walk from that node reaches no route. The same answer as the walk from the root: for a
 * segment known in full, fetchdts follows the static key and consults a param or a catch-all
 * sibling only where that reaches nothing (and then this walks from the root). What it saves is
 * the first levels' part of the walk, which fetchdts computes afresh for every path (each level
 * reads the rest of the path through template inferences, and the rest differs between paths):
 * 2,000-route bench app 873k → 756k instantiations with two segments, 734k with three (one
 * checker; ~230 fewer per call with a param). Two fixed lookups, not a walk of its own: deeper
 * levels stay fetchdts's.
 */
type FromPrefix<Path extends string, Method extends AnyHTTPMethod> = Path extends `/${infer First}/${infer Second}/${infer Third}/${infer Rest}`
  ? `/${First}` extends keyof EdgeplateRoutes
    ? `/${Second}` extends keyof EdgeplateRoutes[`/${First}`]
      ? `/${Third}` extends keyof EdgeplateRoutes[`/${First}`][`/${Second}`]
        ? OrFromRoot<TypedFetchMeta<EdgeplateRoutes[`/${First}`][`/${Second}`][`/${Third}`], `/${Rest}`, Method, "dynamic">, Path, Method>
        : FromTwo<Path, Method>
      : TypedFetchMeta<EdgeplateRoutes, Path, Method, "dynamic">
    : TypedFetchMeta<EdgeplateRoutes, Path, Method, "dynamic">
  : FromTwo<Path, Method>;

type FromTwo<Path extends string, Method extends AnyHTTPMethod> = Path extends `/${infer First}/${infer Second}/${infer Rest}`
  ? `/${First}` extends keyof EdgeplateRoutes
    ? `/${Second}` extends keyof EdgeplateRoutes[`/${First}`]
      ? OrFromRoot<TypedFetchMeta<EdgeplateRoutes[`/${First}`][`/${Second}`], `/${Rest}`, Method, "dynamic">, Path, Method>
      : TypedFetchMeta<EdgeplateRoutes, Path, Method, "dynamic">
    : TypedFetchMeta<EdgeplateRoutes, Path, Method, "dynamic">
  : TypedFetchMeta<EdgeplateRoutes, Path, Method, "dynamic">;

type OrFromRoot<Found, Path extends string, Method extends AnyHTTPMethod> = [Found] extends [never] ? TypedFetchMeta<EdgeplateRoutes, Path, Method, "dynamic"> : Found;

/** ofetch's options, less the members the route types decide. */
type BaseOptions<R extends ResponseType> = Omit<FetchOptions<R>, "method" | "body" | "query" | "params" | "responseType"> & { responseType?: R };

/**
 * The options of a call: ofetch's, with `body` and `query` as the route declares them. The method
 * needs no check of its own: {@link CheckedPath} already rejects a method the route does not answer.
 */
type RouteOptions<Endpoint, Method extends AnyHTTPMethod, R extends ResponseType> = BaseOptions<R> & { method?: Method } & RouteFields<Endpoint>;

/**
 * `body` and `query` as options: each required where the validator requires it (its input type
 * takes neither `undefined` nor `null`), optional where it does or is `unknown` (no validator).
 * A route without validators (no `body`/`query` on its endpoint) gets one shared type. Literal keys
 * and `undefined extends …` tests rather than a mapped `{ [K in Field]: … }` per field and
 * `[Value] extends [NonNullable<Value>]`: ~85 fewer instantiations per validated call.
 */
type RouteFields<Endpoint> = Endpoint extends { readonly body: unknown; readonly query: unknown } ? BodyOption<Endpoint["body"]> & QueryOption<Endpoint["query"]> : AnyFields;

type AnyFields = { body?: FetchOptions["body"]; query?: Record<string, any> };

type BodyOption<Body> = IsRequired<Body> extends true ? { body: Body } : { body?: Body };

type QueryOption<Query> = IsRequired<Query> extends true ? { query: Query } : { query?: Query };

/** Whether a field must be sent: its type takes neither `undefined` nor `null` (so not `unknown` either). */
type IsRequired<Value> = undefined extends Value ? false : null extends Value ? false : true;

/** Whether a call without options can reach the endpoint: nothing in it is required. */
type NeedsOptions<Endpoint> = Endpoint extends { readonly body: unknown; readonly query: unknown }
  ? IsRequired<Endpoint["body"]> extends true
    ? true
    : IsRequired<Endpoint["query"]>
  : false;

/**
 * The path itself when a route answers it for `Method`, otherwise fetchdts's error type (its key
 * names the path and method, so the compile error says which route is missing). Written as
 * `… extends infer Valid ? … : never` rather than `Path & ValidFetchInput<…>` or a plain
 * conditional: only this form still lets `` `/api/users/${id}` `` infer as a template literal type
 * (checked under TypeScript 5.9 and 7). The error branches are `NoInfer`: `Path` is inferred from
 * the `Path` branch alone, so inference does not walk fetchdts's error type at every call
 * (~20 fewer instantiations per call, ~40 with options).
 */
type CheckedPath<Path extends string, Method extends AnyHTTPMethod> =
  EndpointFor<Path, Method> extends infer Endpoint ? ([Endpoint] extends [never] ? NoInfer<PathError<Path, Method>> : Path) : never;

/** As {@link CheckedPath} for `GET`, for a call without options: the route must not need a body or a query. */
type CheckedBarePath<Path extends string> =
  EndpointFor<Path, "GET"> extends infer Endpoint
    ? [Endpoint] extends [never]
      ? NoInfer<PathError<Path, "GET">>
      : NeedsOptions<Endpoint> extends true
        ? NoInfer<{ [K in `edgeplate: GET ${Path & string} needs options (a required body or query)`]: never }>
        : Path
    : never;

/** fetchdts's error for a path no route answers: a type no string satisfies, whose key names the path and method. */
type PathError<Path, Method extends AnyHTTPMethod> = ValidFetchInput<EdgeplateRoutes, Path, Method>;

/** The route's response: `unknown` where it declares none, `never` for no route (fetchdts's reading). */
// Distributive, so no route (`never`) answers `never` without a test of its own. With `infer`: read
// through `Endpoint["response"]` instead, TypeScript 5.9 resolved a route's response while checking
// that route itself where it calls `$fetch(url)` (TS7022 on engine/test/fixtures/typed-api's in-process.ts).
type ResponseOf<Endpoint> = Endpoint extends { readonly response: infer Response } ? Response : unknown;

type Result<Raw extends boolean, T> = Raw extends true ? FetchResponse<T> : T;

/** A URL on another host, a `Request` or a `URL`: nothing to check, untyped. */
type ExternalRequest = `${string}://${string}` | Request | URL;

/**
 * Three overloads, in this order so that a failing call lists each one's reason: what the route
 * types cannot check (another host, a `Request`, a `URL`, or a path known only as `string`: the
 * explicit escape hatch, untyped), a route path without options, a route path with options.
 * The escape hatch stays first although every route call is tried against it and rejected
 * (~8 instantiations per call): after the route overloads, a `string` path fell back to
 * `` `/${string}` ``, whose walk reaches every route, the calling one too (TS7022 in a route
 * that calls `$fetch(url)`).
 *
 * Written out for the plain and the raw call rather than as one interface generic in `Raw`: the
 * signatures of an instantiated generic interface carry its mapper, combined with each call's
 * (2,000-route bench app: 952k → 939k instantiations).
 */
interface TypedCall {
  <T = unknown, Input extends string | Request | URL = string, R extends ResponseType = "json">(
    input: ExternalRequest | (string extends Input ? Input : never),
    options?: FetchOptions<R>,
  ): Promise<MappedResponseType<R, T>>;
  <Path extends AnyFetchPath>(input: CheckedBarePath<Path>): Promise<ResponseOf<EndpointFor<Path, "GET">>>;
  <Path extends AnyFetchPath, Method extends AnyHTTPMethod = "GET", R extends ResponseType = "json">(
    input: CheckedPath<Path, Method>,
    // The `infer` form again: written directly, the options type was instantiated afresh at every
    // call site (~2.5× the instantiations of a call without options); this way it is cached per
    // path and method.
    options: EndpointFor<Path, Method> extends infer Endpoint ? RouteOptions<Endpoint, Method, R> : never,
  ): Promise<MappedResponseType<R, ResponseOf<EndpointFor<Path, Method>>>>;
}

/** {@link TypedCall} answering the `Response` (`$fetch.raw`). */
interface TypedRawCall {
  <T = unknown, Input extends string | Request | URL = string, R extends ResponseType = "json">(
    input: ExternalRequest | (string extends Input ? Input : never),
    options?: FetchOptions<R>,
  ): Promise<FetchResponse<MappedResponseType<R, T>>>;
  <Path extends AnyFetchPath>(input: CheckedBarePath<Path>): Promise<FetchResponse<ResponseOf<EndpointFor<Path, "GET">>>>;
  <Path extends AnyFetchPath, Method extends AnyHTTPMethod = "GET", R extends ResponseType = "json">(
    input: CheckedPath<Path, Method>,
    options: EndpointFor<Path, Method> extends infer Endpoint ? RouteOptions<Endpoint, Method, R> : never,
  ): Promise<FetchResponse<MappedResponseType<R, ResponseOf<EndpointFor<Path, Method>>>>>;
}

interface UntypedCall<Raw extends boolean> {
  <T = unknown, R extends ResponseType = "json">(input: string | Request | URL, options?: FetchOptions<R>): Promise<Result<Raw, MappedResponseType<R, T>>>;
}

type Calls<Raw extends boolean> = HasRoutes extends true ? (Raw extends true ? TypedRawCall : TypedCall) : UntypedCall<Raw>;

/**
 * `$fetch` (ofetch) typed from the app's routes: a path a route answers, with the methods it
 * answers, its validated `body` and `query`, and the route's return value as the response.
 */
export type EdgeplateFetch = Calls<false> & {
  /** The `Response`, with the parsed body in `_data`. */
  raw: Calls<true>;
  /** The platform's own `fetch`. */
  native: typeof globalThis.fetch;
  /** A `$fetch` with other defaults (base URL, headers, hooks). */
  create: (defaults: FetchOptions, globalOptions?: CreateFetchOptions) => EdgeplateFetch;
};
