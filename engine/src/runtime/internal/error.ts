import type { H3Event, HTTPError } from "h3";
import type { DefaultErrorHandler, EdgeplateErrorHandler } from "./types.ts";
import { reasonPhrase } from "./status-text.ts";
import { outsideBaseRedirect } from "./base-url.ts";

export interface ErrorBody {
  error: true;
  status: number;
  statusText: string;
  message: string;
  data?: unknown;
  unhandled?: true;
  stack?: string[];
  /** An `HTTPError`'s `body` fields sit at the top level, as in Nitro. */
  [field: string]: unknown;
}

/** What `defaultHandler` returns (Nitro's shape): enough for `new Response(body, init)`. */
export interface DefaultErrorResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: ErrorBody | string;
}

export interface DefaultErrorOptions {
  /** Don't log an unhandled error (the caller logs it). */
  silent?: boolean;
  /** JSON even when a browser asks for HTML in dev. */
  json?: boolean;
}

/**
 * The contract's error answer as data. Production hides the message and stack of unhandled errors;
 * dev shows them, as an HTML page when a browser asks for HTML.
 */
export function defaultErrorResponse(error: HTTPError, event: H3Event, dev: boolean, opts: DefaultErrorOptions = {}): DefaultErrorResponse {
  const status = error.status || 500;
  // As Nitro's default handler: a page read outside `baseURL` that nothing answered goes under it.
  const redirect = status === 404 ? outsideBaseRedirect(event.req.method, event.url) : undefined;
  if (redirect) return { status: 302, statusText: "Found", headers: redirect.headers, body: "" };
  const body = toErrorBody(error, status, dev);
  if (error.unhandled && !opts.silent) logUnhandled(error, event);
  const headers = new Headers(event.res.headers);
  error.headers?.forEach((value, key) => headers.set(key, value));
  headers.delete("content-length");
  headers.delete("content-encoding");
  // The unread rest of an oversized body would otherwise poison the next request on this connection.
  if (status === 413) headers.set("connection", "close");
  if (dev && !opts.json && (event.req.headers.get("accept") ?? "").includes("text/html")) {
    headers.set("content-type", "text/html; charset=utf-8");
    return { status, statusText: body.statusText, headers, body: renderErrorPage(body) };
  }
  headers.set("content-type", "application/json; charset=utf-8");
  return { status, statusText: body.statusText, headers, body };
}

/** The default error as a `Response`, its status line carrying the reason phrase. */
export function errorToResponse(error: HTTPError, event: H3Event, dev: boolean): Response {
  return toResponse(defaultErrorResponse(error, event, dev));
}

function toResponse({ status, statusText, headers, body }: DefaultErrorResponse): Response {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), { status, statusText, headers });
}

/**
 * Runs the app's error handlers in order (`error.ts`, then the config's `errorHandler` files), each
 * as `(error, event, { defaultHandler })` — Nitro's signature, of which Edgeplate's `(error, event)`
 * is the prefix. The first `Response` wins; a handler that returns nothing passes on. One that throws
 * or returns something else is logged in one line and the next one (finally the default) answers:
 * an error page must never itself fail.
 */
export async function handleError(error: HTTPError, event: H3Event, handlers: readonly EdgeplateErrorHandler[], dev: boolean): Promise<Response> {
  if (handlers.length > 0) {
    const defaultHandler: DefaultErrorHandler = (e, ev, opts) => defaultErrorResponse(e, ev as H3Event, dev, opts);
    for (const [index, handler] of handlers.entries()) {
      const where = handlers.length > 1 ? ` #${index + 1}` : "";
      try {
        const response = await handler(error, event, { defaultHandler });
        if (response instanceof Response) return response;
        if (response !== undefined && response !== null) {
          console.error(
            `[edgeplate] the error handler${where} returned ${describe(response)}, not a Response; sent the default error. Return a Response, or nothing to keep the default.`,
          );
        }
      } catch (failure) {
        const reason = failure instanceof Error ? failure.message : String(failure);
        console.error(`[edgeplate] the error handler${where} threw while handling ${event.req.method} ${event.url.pathname}: ${reason}; sent the default error.`);
      }
    }
  }
  return errorToResponse(error, event, dev);
}

function describe(value: unknown): string {
  if (typeof value !== "object") return `a ${typeof value}`;
  const name = (value as object).constructor?.name;
  return name && name !== "Object" ? `a ${name}` : "an object";
}

// What Node's request stream fails with when the client closes, resets or garbles its connection
// before the body has arrived.
const CLIENT_GONE_CODES = new Set(["ECONNRESET", "ECONNABORTED", "EPIPE", "ERR_STREAM_PREMATURE_CLOSE"]);

/**
 * Whether reading the request failed because the client left (closed or reset mid-body, a bad
 * chunk, a short body): not a server error, so no stack, no `error` hook, nobody to answer.
 */
export function isClientGone(error: HTTPError): boolean {
  const cause = error.cause as { message?: unknown; code?: unknown } | undefined;
  return !!cause && (cause.message === "aborted" || CLIENT_GONE_CODES.has(cause.code as string));
}

/** The answer to a client that is gone: it never reads it, and the connection must not be reused. */
export function clientGoneResponse(): Response {
  return new Response(null, { status: 400, headers: { connection: "close" } });
}

function toErrorBody(error: HTTPError, status: number, dev: boolean): ErrorBody {
  const statusText = error.statusText || reasonPhrase(status);
  if (error.unhandled) {
    const cause = (error.cause ?? error) as Error;
    return dev
      ? { error: true, status, statusText, message: cause.message || statusText, unhandled: true, stack: (cause.stack ?? "").split("\n").map((l) => l.trim()) }
      : { error: true, status, statusText, message: statusText, unhandled: true };
  }
  // Extra top-level fields the error carries (`new HTTPError({ body: { code } })`); the contract's own win.
  const body: ErrorBody = { ...error.body, error: true, status, statusText, message: error.message || statusText };
  if (error.data !== undefined) body.data = error.data;
  return body;
}

function logUnhandled(error: HTTPError, event: H3Event): void {
  console.error(`[edgeplate] unhandled error on ${event.req.method} ${event.url.pathname}:`, error.cause ?? error);
}

export function renderErrorPage(body: ErrorBody): string {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const stack = body.stack?.length ? `<pre>${escape(body.stack.join("\n"))}</pre>` : "";
  return `<!doctype html><html><head><meta charset="utf-8"><title>${body.status} ${escape(body.statusText)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:60rem;padding:0 1rem}pre{background:#f4f4f5;padding:1rem;overflow:auto;font-size:13px}h1{color:#b91c1c}</style>
</head><body><h1>${body.status} ${escape(body.statusText)}</h1><p>${escape(body.message)}</p>${stack}</body></html>`;
}
