import { consola } from "consola";

// No time of day on each line: formatting it loads the ICU data (about 16 ms of every dev server
// start, before its first answer) for a column the durations in the lines already cover.
export const logger = consola.create({ formatOptions: { date: false } }).withTag("edgeplate");

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
