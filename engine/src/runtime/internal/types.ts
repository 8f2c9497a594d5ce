import type { H3Event, HTTPError, HTTPEvent } from "h3";
import type { EdgeplateH3 } from "./h3-app.ts";

export interface PublicAsset {
  type?: string;
  etag: string;
  mtime: string;
  size: number;
  /** Precompressed siblings written at build time (`gzip` → `.gz`, `br` → `.br`). */
  encodings?: string[];
  /** Set on a precompressed sibling: its `content-encoding`. */
  encoding?: string;
  /** `cache-control` chosen at build time (long-lived for hashed file names). */
  cacheControl: string;
}

export interface EdgeplateHooks {
  request: (event: H3Event) => void | Promise<void>;
  response: (response: Response, event: H3Event) => void | Promise<void>;
  error: (error: HTTPError, ctx: { event?: H3Event }) => void | Promise<void>;
  close: () => void | Promise<void>;
  /** A cron trigger fired, on hosts that have them (Cloudflare's `scheduled` handler). */
  scheduled: (event: { cron: string; scheduledTime: number; waitUntil: (promise: Promise<unknown>) => void }) => void | Promise<void>;
}

export interface Hooks {
  hook<K extends keyof EdgeplateHooks>(name: K, fn: EdgeplateHooks[K]): () => void;
  callHook<K extends keyof EdgeplateHooks>(name: K, ...args: Parameters<EdgeplateHooks[K]>): Promise<void>;
  has(name: keyof EdgeplateHooks): boolean;
  /** Re-evaluates which hooks the request path must call. */
  changed(): void;
}

export interface EdgeplateApp {
  h3: EdgeplateH3;
  hooks: Hooks;
  /** Calls the app in-process with a web `Request`. */
  fetch: (request: Request) => Response | Promise<Response>;
}

export type EdgeplatePlugin = (app: EdgeplateApp) => void | Promise<void>;

/**
 * The default error answer as data (Nitro's `defaultHandler`): `new Response(JSON.stringify(res.body), res)`
 * sends it; `json: true` forces JSON for browsers in dev, `silent: true` skips the unhandled-error log.
 */
export type DefaultErrorHandler = (
  error: HTTPError,
  event: HTTPEvent,
  opts?: { silent?: boolean; json?: boolean },
) => { status: number; statusText: string; headers: Headers; body: string | Record<string, unknown> };

/**
 * Turns an error into the response sent; return nothing to use the default JSON/HTML error.
 * Nitro's third argument is supported: `(error, event, { defaultHandler }) => ...`.
 */
export type EdgeplateErrorHandler = (
  error: HTTPError,
  event: H3Event,
  ctx: { defaultHandler: DefaultErrorHandler },
) => Response | void | undefined | Promise<Response | void | undefined>;
