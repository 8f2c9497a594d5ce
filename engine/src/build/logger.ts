import { consola, type LogType } from "consola";

// No time of day on each line: formatting it loads the ICU data (about 16 ms of every dev server
// start, before its first answer) for a column the durations in the lines already cover.
const base = consola.create({ formatOptions: { date: false } });
export const logger = base.withTag("edgeplate");

/** A log line as data, sent from a dev build thread to the dev server's thread. */
export interface LogRecord {
  type: LogType;
  tag: string;
  args: unknown[];
}

/**
 * In a dev build thread (dev-build-thread.ts): hands each line to `post` instead of printing it.
 * A worker's stdout is no terminal, so its own reporter would print plain lines without colours.
 */
export function forwardLogs(post: (record: LogRecord) => void): void {
  logger.setReporters([{ log: ({ type, tag, args }) => post({ type, tag, args }) }]);
}

/** Prints a line that a dev build thread logged (`forwardLogs`), as this thread's own. */
export function replayLog({ type, tag, args }: LogRecord): void {
  (tag === "edgeplate" ? logger : tag ? base.withTag(tag) : base)[type](...(args as [string]));
}

/** Runs one build step, printing what it does and how long it took. */
export async function step<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await fn();
  logger.success(`${label} ${formatMs(performance.now() - start)}`);
  return result;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `(${Math.round(ms)} ms)` : `(${(ms / 1000).toFixed(2)} s)`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
