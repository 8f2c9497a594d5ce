import { SHARE_ENV, Worker, type TransferListItem } from "node:worker_threads";
import { join } from "pathe";
import type { DevReplyMessage, DevRequestMessage, DevWorkerMessage } from "../runtime/entries/dev.ts";
import type { BootMessage } from "./dev-worker.ts";
import { engineDir } from "./paths.ts";

/** Always the compiled file: a worker thread cannot run the TypeScript source (the engine's tests). */
const WORKER_FILE = join(engineDir, "dist/build/dev-worker.js");
/** How long a replaced build may go on answering the requests it has (a long stream is then cut). */
const DRAIN_MS = 5000;

interface Pending {
  resolve: (response: Response) => void;
  reject: (error: Error) => void;
}

/**
 * One dev build, served by its own worker thread. A rebuild starts a new runner and closes the
 * old one, whose thread ends with every module it loaded: the dev server's memory stays flat.
 */
export class DevRunner {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Requests whose response body is still being read. */
  private active = 0;
  private idle?: () => void;
  /** Why the thread ended, when it did so on its own (an uncaught error in the app). */
  exited?: Error;
  /** The thread's WebSocket listener (`websocket: true`, runtime/entries/dev-websocket.ts), once it has started. */
  websocketPort?: number;

  /** Starts the thread now; it waits for `load` to say which build it serves. */
  constructor() {
    // `edgeplate-dev`: Node resolves the generated modules that dev-bridge.ts stands for (dev-externals.ts).
    this.worker = new Worker(WORKER_FILE, { env: SHARE_ENV, execArgv: [...process.execArgv, "--conditions=edgeplate-dev"] });
    this.worker.on("message", (message: DevReplyMessage) => this.onReply(message));
    this.worker.on("message", (message: { type?: string; port?: number }) => {
      if (message.type === "websocket") this.websocketPort = message.port;
    });
    this.worker.on("error", (error) => (this.exited = error));
    this.worker.on("exit", (code) => {
      this.exited ??= new Error(`the dev server's worker thread exited with code ${code}`);
      for (const { reject } of this.pending.values()) reject(this.exited);
      this.pending.clear();
    });
  }

  /** Loads `urls` (the dependencies the last build imported) ahead of the build that will import them too. */
  preload(urls: string[]): void {
    if (urls.length > 0) this.worker.postMessage({ type: "preload", urls } satisfies BootMessage);
  }

  /** Loads the build's entry; rejects with the error its modules threw while loading. */
  load(entry: string, publicSources: Record<string, string>): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: { type: string; message?: string; stack?: string }) => {
        if (message.type !== "ready" && message.type !== "failed") return;
        this.worker.off("message", onMessage);
        this.worker.off("exit", onExit);
        if (message.type === "ready") return resolve();
        reject(Object.assign(new Error(message.message), { stack: message.stack }));
      };
      const onExit = () => reject(this.exited);
      this.worker.on("message", onMessage);
      this.worker.once("exit", onExit);
      this.worker.postMessage({ type: "load", entry, publicSources } satisfies BootMessage);
    });
  }

  fetch(request: Request & { ip?: string }): Promise<Response> {
    if (this.exited) return Promise.reject(this.exited);
    const id = ++this.nextId;
    const body = request.method === "GET" || request.method === "HEAD" ? null : request.body;
    const message: DevRequestMessage = { type: "request", id, method: request.method, url: request.url, headers: [...request.headers], body, ip: request.ip };
    const response = new Promise<Response>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.post(message, body ? [body as unknown as TransferListItem] : []);
    request.signal?.addEventListener("abort", () => this.post({ type: "abort", id }), { once: true });
    return response;
  }

  /**
   * Lets the requests in flight finish (`DRAIN_MS` at most), runs the app's `close` hook in the
   * thread, then ends it.
   */
  async close(): Promise<void> {
    if (!this.exited) {
      const drained = this.active + this.pending.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.idle = resolve));
      await Promise.race([drained, delay(DRAIN_MS)]);
      const closed = new Promise<void>((resolve) => {
        this.worker.on("message", (message: DevReplyMessage) => message.type === "closed" && resolve());
        this.worker.once("exit", () => resolve());
      });
      this.post({ type: "close" });
      await Promise.race([closed, delay(DRAIN_MS)]);
    }
    await this.worker.terminate();
  }

  private post(message: DevWorkerMessage, transfer: TransferListItem[] = []): void {
    if (!this.exited) this.worker.postMessage(message, transfer);
  }

  private onReply(message: DevReplyMessage): void {
    if (message.type === "closed") return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.type === "error") return (pending.reject(Object.assign(new Error(message.message), { stack: message.stack })), this.checkIdle());
    this.active++;
    // Counted until the body is read to its end, so that a rebuild does not cut a download short.
    const done = () => (this.active--, this.checkIdle());
    const body = message.body?.pipeThrough(new TransformStream({ flush: done }));
    if (!body) done();
    pending.resolve(new Response(body ?? null, { status: message.status, statusText: message.statusText, headers: message.headers }));
  }

  private checkIdle(): void {
    if (this.active + this.pending.size === 0) this.idle?.();
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
