// The typed `$fetch` signature shared by the server (`edgeplate`) and browser (`edgeplate/client`)
// entries, built on fetchdts. The route tree comes from the generated `.edgeplate/types/routes.d.ts`
// (written by `edgeplate prepare`, `build` and `dev`), which augments `EdgeplateRoutes` below; with no
// generated types the interface is empty and `$fetch` takes any path and answers `unknown`.
//
// Type-only module: imported with `import type` everywhere, so it adds nothing to a bundle.
import type { defineValidatedHandler as h3DefineValidatedHandler, EventHandlerResponse, H3Event } from "h3";
import type {
  AnyFetchPath,
  AnyHTTPMethod,
  TypedFetchMethods,
  TypedFetchRequestBody,
  TypedFetchRequestQuery,
  TypedFetchRequires,
  TypedFetchResponseBody,
  ValidFetchInput,
} from "fetchdts";
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
export type RouteResponse<Handler> = 0 extends 1 & Handler ? unknown : Handler extends (event: never) => infer Result ? JsonBody<Awaited<Result>> : unknown;

/** Distributes over a union: one non-JSON member makes the whole answer `unknown`. */
type JsonBody<T> = 0 extends 1 & T ? unknown : T extends Response | ReadableStream | Blob | ArrayBuffer | ArrayBufferView ? unknown : T;

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

/** A Standard Schema's input type; `unknown` (anything, not required) where no schema was given. */
type SchemaInput<Schema> = Schema extends { readonly "~standard": { readonly types?: infer Types } }
  ? NonNullable<Types> extends { readonly input: infer Input }
    ? Input
    : unknown
  : unknown;

/** The request body a route validates, or `unknown` (any body) where it validates none. */
export type RouteBody<Handler> = Handler extends { readonly [routeValidators]?: Validators<infer Body, unknown> } ? SchemaInput<Body> : ValidatedField<Handler, "body">;

/** The query a route validates, or `unknown` (any query) where it validates none. */
export type RouteQuery<Handler> = Handler extends { readonly [routeValidators]?: Validators<unknown, infer Query> } ? SchemaInput<Query> : ValidatedField<Handler, "query">;

/**
 * A handler from h3's own `defineValidatedHandler` (imported from `h3` rather than `edgeplate`):
 * only the validated *output* type is left, which is still better than nothing. A plain handler's
 * request type has optional `body`/`query`, so it does not match and the field stays `unknown`;
 * so does a field that takes `{}` (no schema: h3 leaves `unknown`, or `{}` for the query).
 */
type ValidatedField<Handler, Field extends "body" | "query"> = Handler extends (event: H3Event<infer Request>) => unknown
  ? Request extends { body: unknown; query: unknown; headers: unknown }
    ? {} extends Request[Field]
      ? unknown
      : Request[Field]
    : unknown
  : unknown;

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

/** ofetch's options, less the members the route types decide. */
type BaseOptions<R extends ResponseType> = Omit<FetchOptions<R>, "method" | "body" | "query" | "params" | "responseType"> & { responseType?: R };

/** `body` and `query` as the route declares them: required where its validator requires them. */
type RouteOptions<Path, Method extends AnyHTTPMethod, R extends ResponseType> = BaseOptions<R> & {
  method?: Method & TypedFetchMethods<EdgeplateRoutes, Path>;
} & (TypedFetchRequires<EdgeplateRoutes, Path, Method, "body"> extends true
    ? { body: TypedFetchRequestBody<EdgeplateRoutes, Path, Method, never> }
    : { body?: TypedFetchRequestBody<EdgeplateRoutes, Path, Method, FetchOptions["body"]> }) &
  (TypedFetchRequires<EdgeplateRoutes, Path, Method, "query"> extends true
    ? { query: TypedFetchRequestQuery<EdgeplateRoutes, Path, Method, never> }
    : { query?: TypedFetchRequestQuery<EdgeplateRoutes, Path, Method, Record<string, any>> });

/**
 * The path itself when a route answers it for `Method`, otherwise fetchdts's error type (its key
 * names the path and method, so the compile error says which route is missing). Written as
 * `… extends infer Valid ? … : never` rather than `Path & ValidFetchInput<…>` or a plain
 * conditional: only this form still lets `` `/api/users/${id}` `` infer as a template literal type
 * (checked under TypeScript 5.9 and 7).
 */
type CheckedPath<Path, Method extends AnyHTTPMethod> = ValidFetchInput<EdgeplateRoutes, Path, Method> extends infer Valid ? (unknown extends Valid ? Path : Valid) : never;

/** As {@link CheckedPath} for `GET`, for a call without options: the route must not need a body or a query. */
type CheckedBarePath<Path> =
  ValidFetchInput<EdgeplateRoutes, Path, "GET"> extends infer Valid
    ? unknown extends Valid
      ? TypedFetchRequires<EdgeplateRoutes, Path, "GET", "body" | "query"> extends false
        ? Path
        : { [K in `edgeplate: GET ${Path & string} needs options (a required body or query)`]: never }
      : Valid
    : never;

type Result<Raw extends boolean, T> = Raw extends true ? FetchResponse<T> : T;
type RouteResult<Raw extends boolean, Path, Method extends AnyHTTPMethod, R extends ResponseType> = Promise<
  Result<Raw, MappedResponseType<R, TypedFetchResponseBody<EdgeplateRoutes, Path, Method>>>
>;

/** A URL on another host, a `Request` or a `URL`: nothing to check, untyped. */
type ExternalRequest = `${string}://${string}` | Request | URL;

/**
 * Three overloads, in this order so that a failing call lists each one's reason: what the route
 * types cannot check (another host, a `Request`, a `URL`, or a path known only as `string`: the
 * explicit escape hatch, untyped), a route path without options, a route path with options.
 */
interface TypedCall<Raw extends boolean> {
  <T = unknown, Input extends string | Request | URL = string, R extends ResponseType = "json">(
    input: ExternalRequest | (string extends Input ? Input : never),
    options?: FetchOptions<R>,
  ): Promise<Result<Raw, MappedResponseType<R, T>>>;
  <Path extends AnyFetchPath, R extends ResponseType = "json">(input: CheckedBarePath<Path>): RouteResult<Raw, Path, "GET", R>;
  <Path extends AnyFetchPath, Method extends AnyHTTPMethod = "GET", R extends ResponseType = "json">(
    input: CheckedPath<Path, Method>,
    options: RouteOptions<Path, Method, R>,
  ): RouteResult<Raw, Path, Method, R>;
}

interface UntypedCall<Raw extends boolean> {
  <T = unknown, R extends ResponseType = "json">(input: string | Request | URL, options?: FetchOptions<R>): Promise<Result<Raw, MappedResponseType<R, T>>>;
}

type Calls<Raw extends boolean> = HasRoutes extends true ? TypedCall<Raw> : UntypedCall<Raw>;

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
