// Entry of the dev bundle. It runs in a worker thread that the dev server starts for each build and
// ends on the next one, so a rebuild never keeps the previous build's modules in memory.
// First: fills the generated modules that the storage, cache and database runtime read in dev (dev-bridge.ts).
import "#edgeplate/dev-bridge";
import { readFile } from "node:fs/promises";
import type { MessagePort, TransferListItem } from "node:worker_threads";
import { setPublicAssetReader, useApp } from "../platform.ts";

/** A request from the dev server; `body` is a transferred stream. */
export interface DevRequestMessage {
  type: "request";
  id: number;
  method: string;
  url: string;
  headers: [string, string][];
  body: ReadableStream<Uint8Array> | null;
  /** The client's address, which the dev server's own socket saw (h3's `getRequestIP`). */
  ip?: string;
}

export type DevWorkerMessage = DevRequestMessage | { type: "abort"; id: number } | { type: "close" };

export type DevReplyMessage =
  | { type: "response"; id: number; status: number; statusText: string; headers: [string, string][]; body: ReadableStream<Uint8Array> | null }
  | { type: "error"; id: number; message: string; stack?: string }
  | { type: "closed" };

/**
 * Answers the dev server's requests on `port` with the app. `publicSources` maps each public URL
 * path to its source file, read on each request so an edited file is served as it is now.
 */
export function serveDevRequests(port: MessagePort, publicSources: Record<string, string>): void {
  setPublicAssetReader((id) => readFile(publicSources[id]!));
  const app = useApp();
  const aborts = new Map<number, AbortController>();
  port.on("message", (message: DevWorkerMessage) => {
    if (message.type === "abort") return aborts.get(message.id)?.abort();
    if (message.type === "close") return void app.hooks.callHook("close").finally(() => port.postMessage({ type: "closed" } satisfies DevReplyMessage));
    const controller = new AbortController();
    aborts.set(message.id, controller);
    const hasBody = message.body !== null && message.method !== "GET" && message.method !== "HEAD";
    const request = new Request(message.url, {
      method: message.method,
      headers: message.headers,
      body: hasBody ? message.body : null,
      signal: controller.signal,
      // @ts-expect-error Node's fetch needs `duplex` for a stream body; the DOM types lack it.
      duplex: "half",
    });
    if (message.ip) Object.defineProperty(request, "ip", { value: message.ip });
    Promise.resolve(app.fetch(request))
      .then((response) => {
        const body = response.body;
        const reply: DevReplyMessage = { type: "response", id: message.id, status: response.status, statusText: response.statusText, headers: [...response.headers], body };
        port.postMessage(reply, body ? [body as unknown as TransferListItem] : []);
      })
      .catch((error: Error) => port.postMessage({ type: "error", id: message.id, message: error.message, stack: error.stack } satisfies DevReplyMessage))
      .finally(() => aborts.delete(message.id));
  });
}
