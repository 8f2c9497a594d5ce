/**
 * What the smoke matrix needs from one host: start a built output the way that host runs it, on a
 * real socket, and say how long it took to answer. One file per platform in this folder exports a
 * `HostCell` as its default export.
 */
export interface HostCell {
  /** What actually runs the output, for the matrix table (e.g. "workerd via miniflare 4.x"). */
  runtime: string;
  /** What this host's local runtime does not cover here, or undefined when it covers everything asserted. */
  gaps?: string;
  /**
   * Starts the output copied to `dir` (an empty folder holding `.output/` and any host folder
   * such as `.netlify/` or `.vercel/`). `persistDir` is the same folder across a restart of one
   * cell, so storage that the host persists (fs, KV, Blobs) survives `stop()` + `start()`.
   * Resolves after the first 200 from `readyPath`.
   */
  start(dir: string, options: StartCellOptions): Promise<RunningCell>;
}

export interface StartCellOptions {
  env: Record<string, string>;
  persistDir: string;
  /** A path that answers 200 once the app is up (the starter's health or home route). */
  readyPath: string;
}

export interface RunningCell {
  /** Base URL on 127.0.0.1. */
  url: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Process spawn or isolate creation → first 200 from `readyPath`, in ms. */
  coldStartMs: number;
  /** The host's stdout/stderr so far, for failure messages. */
  output(): string;
  /**
   * How many processes answer, each with its own memory (node-cluster's workers); default 1. With
   * the default memory `cache` mount each has its own cache, so the matrix expects SWR per instance:
   * up to this many MISSes for one key, and concurrent cold requests run the handler at most once per instance.
   */
  instances?: number;
  /**
   * Set (to the reason) where any call may be answered by a fresh instance (`@netlify/dev` runs
   * every function call in a new worker): "concurrent cold requests run the handler once" holds per
   * instance, so that part of the SWR check is not made, and a MISS may repeat until the first
   * entry is written. The cell's `gaps` say so in the table.
   */
  instancePerRequest?: string;
  stop(): Promise<void>;
}

/** One host the matrix knows: its platform name (as `--platform` takes it) and how to run its output. */
export interface HostEntry {
  platform: string;
  cell: HostCell;
}
