import { SHARE_ENV, Worker } from "node:worker_threads";
import { join } from "pathe";
import type { EdgeplateConfig } from "../types/config.ts";
import type { DevBuilder, DevBuildOutcome, Reload } from "./dev-build.ts";
import { requestFromWire, responseToWire, type BuildThreadData, type FromBuildThread, type ToBuildThread } from "./dev-build-wire.ts";
import { replayLog } from "./logger.ts";
import { engineDir } from "./paths.ts";

/** Always the compiled file: a worker thread cannot run the TypeScript source (the engine's tests). */
const THREAD_FILE = join(engineDir, "dist/build/dev-build-thread.js");
/**
 * The build thread's young generation. Left to itself V8 doubles it (to 32 MB a semi-space) once
 * rollup's first rebuilds fill it, and keeps it: the dev server's memory then climbs for the first
 * fifty edits. A young generation of this size holds a rebuild's short-lived objects as well; rollup's
 * long-lived ones (the cache) are promoted either way.
 */
const YOUNG_GENERATION_MB = 24;

/**
 * The dev builds run in a thread of their own (dev-build-thread.ts), which the dev server's thread
 * drives: its memory stays that of a server, and a request is never held up by rollup's work on
 * the same thread. The app's hooks run there too, where the config was loaded; their `serverFetch`
 * comes back here (`serve`). A thread that ends on its own is replaced at the next build.
 */
export class BuildThread implements DevBuilder {
  private worker: Worker;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  /** Threads started after one ended on their own. */
  private restarts = 0;
  /** Why the thread ended on its own; the next build starts another, which reads everything again. */
  private lost?: Error;
  private closing = false;

  /** The dev server that answers the hooks' `serverFetch` (`connect`); a thread may start before it exists. */
  private readonly server: Promise<(request: Request) => Promise<Response>>;
  /** Hands the thread its dev server (dev.ts). */
  readonly connect: (serve: (request: Request) => Promise<Response>) => void;

  constructor(
    readonly rootDir: string,
    private readonly overrides?: EdgeplateConfig,
  ) {
    let connect!: (serve: (request: Request) => Promise<Response>) => void;
    this.server = new Promise((resolve) => (connect = resolve));
    this.connect = connect;
    this.worker = this.start();
  }

  /** Whether `overrides` can be sent to a thread: not when they hold functions (a Vite config's inline hook or plugin). */
  static accepts(overrides: EdgeplateConfig | undefined): boolean {
    try {
      structuredClone(overrides);
      return true;
    } catch {
      return false;
    }
  }

  dependencies(): Promise<string[]> {
    return this.call("dependencies", undefined) as Promise<string[]>;
  }

  async build(wanted: Reload): Promise<DevBuildOutcome> {
    if (this.lost) {
      this.lost = undefined;
      this.restarts++;
      this.worker = this.start();
      wanted = { options: true, public: true, scan: true };
    }
    return (this.call("build", wanted) as Promise<DevBuildOutcome>).catch((error: Error) => ({
      error: { message: `the dev build thread ended (${error.message}); the next change builds in a new one`, located: false },
      sources: [],
      publicDirs: [],
    }));
  }

  served(failure?: { message: string; stack?: string }): void {
    if (!this.lost) this.post({ type: "served", failure });
  }

  async close(keep?: string): Promise<void> {
    if (!this.lost) await this.call("close", keep).catch(() => {});
    this.closing = true;
    await this.worker.terminate();
  }

  private start(): Worker {
    const workerData: BuildThreadData = { rootDir: this.rootDir, overrides: this.overrides, restart: this.restarts || undefined };
    const worker = new Worker(THREAD_FILE, { env: SHARE_ENV, workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    worker.on("message", (message: FromBuildThread) => this.onMessage(message));
    worker.on("error", (error) => (this.lost ??= error));
    worker.on("exit", (code) => {
      if (this.closing) return;
      this.lost ??= new Error(`exit code ${code}`);
      for (const { reject } of this.pending.values()) reject(this.lost);
      this.pending.clear();
    });
    return worker;
  }

  private call(method: "build" | "close" | "dependencies", arg: unknown): Promise<unknown> {
    if (this.lost) return Promise.reject(this.lost);
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ type: "call", id, method, arg } as ToBuildThread);
    });
  }

  private post(message: ToBuildThread): void {
    this.worker.postMessage(message);
  }

  private onMessage(message: FromBuildThread): void {
    if (message.type === "log") return replayLog(message.record);
    if (message.type === "fetch") {
      void this.server
        .then((serve) => serve(requestFromWire(message.request)))
        .then(responseToWire)
        .then(
          (response) => this.post({ type: "fetched", id: message.id, response }),
          (error: Error) => this.post({ type: "fetched", id: message.id, error: error?.message ?? String(error) }),
        );
      return;
    }
    const pending = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.type === "result") pending?.resolve(message.value);
    else pending?.reject(Object.assign(new Error(message.message), { stack: message.stack }));
  }
}
