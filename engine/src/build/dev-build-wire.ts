import type { EdgeplateConfig } from "../types/config.ts";
import type { DevBuilder } from "./dev-build.ts";
import type { LogRecord } from "./logger.ts";

/** What a dev build thread starts with (dev-build-thread.ts). */
export interface BuildThreadData {
  rootDir: string;
  overrides?: EdgeplateConfig;
  /** Set for a thread that replaces one that ended on its own (dev-build.ts `createDevBuilder`). */
  restart?: number;
}

/** A request or response as data, for `serverFetch` from the config's hooks across the threads. */
export interface WireMessage {
  method?: string;
  url?: string;
  status?: number;
  statusText?: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
}

type Call = { [K in keyof DevBuilder]: { method: K; arg: Parameters<DevBuilder[K]>[0] } }[Exclude<keyof DevBuilder, "served">];

/** From the dev server's thread to its build thread. */
export type ToBuildThread =
  | ({ type: "call"; id: number } & Call)
  | { type: "served"; failure?: { message: string; stack?: string } }
  | { type: "fetched"; id: number; response?: WireMessage; error?: string };

/** From a build thread to the dev server's thread. */
export type FromBuildThread =
  | { type: "result"; id: number; value: unknown }
  | { type: "thrown"; id: number; message: string; stack?: string }
  | { type: "log"; record: LogRecord }
  | { type: "fetch"; id: number; request: WireMessage };

export async function requestToWire(request: Request): Promise<WireMessage> {
  const body = request.method === "GET" || request.method === "HEAD" ? null : await request.arrayBuffer();
  return { method: request.method, url: request.url, headers: [...request.headers], body };
}

export const requestFromWire = (wire: WireMessage): Request => new Request(wire.url!, { method: wire.method, headers: wire.headers, body: wire.body });

export async function responseToWire(response: Response): Promise<WireMessage> {
  return { status: response.status, statusText: response.statusText, headers: [...response.headers], body: await response.arrayBuffer() };
}

export const responseFromWire = (wire: WireMessage): Response =>
  new Response(wire.status === 204 || wire.status === 304 ? null : wire.body, { status: wire.status, statusText: wire.statusText, headers: wire.headers });
