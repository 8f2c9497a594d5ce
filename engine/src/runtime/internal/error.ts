import type { H3Event, HTTPError } from "h3";

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large", 500: "Internal Server Error" };

export interface ErrorBody {
  error: true;
  status: number;
  statusText: string;
  message: string;
  data?: unknown;
  unhandled?: true;
  stack?: string[];
}

/**
 * Builds the contract's error response. Production hides the message and stack of unhandled errors;
 * dev shows them, as an HTML page when a browser asks for HTML.
 */
export function errorToResponse(error: HTTPError, event: H3Event, dev: boolean): Response {
  const status = error.status || 500;
  const body = toErrorBody(error, status, dev);
  if (error.unhandled) logUnhandled(error, event);
  const headers = new Headers(event.res.headers);
  error.headers?.forEach((value, key) => headers.set(key, value));
  headers.delete("content-length");
  headers.delete("content-encoding");
  // The unread rest of an oversized body would otherwise poison the next request on this connection.
  if (status === 413) headers.set("connection", "close");
  if (dev && (event.req.headers.get("accept") ?? "").includes("text/html")) {
    headers.set("content-type", "text/html; charset=utf-8");
    return new Response(renderErrorPage(body), { status, headers });
  }
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(body), { status, headers });
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
  const statusText = error.statusText || STATUS_TEXT[status] || "Error";
  if (error.unhandled) {
    const cause = (error.cause ?? error) as Error;
    return dev
      ? { error: true, status, statusText, message: cause.message || statusText, unhandled: true, stack: (cause.stack ?? "").split("\n").map((l) => l.trim()) }
      : { error: true, status, statusText, message: statusText, unhandled: true };
  }
  const body: ErrorBody = { error: true, status, statusText, message: error.message || statusText };
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
