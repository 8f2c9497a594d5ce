// The behaviour every cell must show: SWR caching on the starter's cached route, and a storage
// round trip. Each check returns the failures it saw (empty: passed), as one line each.
import type { RunningCell } from "./hosts/types.ts";
import type { MatrixStarter } from "./starters.ts";

/** How many requests the "concurrent cold requests run the handler once" check sends at once. */
export const CONCURRENT = 8;
/** How long a refreshed answer may take to show up after the stale one. */
const REFRESH_WITHIN_MS = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  status: number;
  cache: string | null;
  body: string;
  ms: number;
}

async function get(cell: RunningCell, path: string): Promise<Answer> {
  const start = performance.now();
  const res = await cell.fetch(path);
  const body = await res.text();
  return { status: res.status, cache: res.headers.get("x-cache"), body, ms: Math.round(performance.now() - start) };
}

const short = (body: string) => (body.length > 120 ? `${body.slice(0, 120)}…` : body);

/**
 * MISS then HIT with the same body; after `maxAge` the old body at once as STALE (within
 * `staleMs` of the HIT's time), then the refreshed body as a HIT; `CONCURRENT` cold requests for one new key all get
 * one body. A cell with several instances (each its own memory cache) may answer MISS once per
 * instance and run the handler once per instance. Keys carry a query (`?matrix=<run id>`) so every
 * run starts cold, even on a host that persists its cache.
 */
export async function checkSwr(cell: RunningCell, { path, maxAge }: MatrixStarter["cached"], runId: string, staleMs: number): Promise<string[]> {
  const key = (suffix: string) => `${path}${path.includes("?") ? "&" : "?"}matrix=${runId}-${suffix}`;
  // A host answering each call from a fresh instance may MISS until the first entry is written.
  const instances = cell.instancePerRequest ? CONCURRENT : (cell.instances ?? 1);
  const perInstance = cell.instancePerRequest ? ` (${cell.instancePerRequest})` : instances > 1 ? ` per instance (${instances} instances, each with its own cache)` : "";
  const tries = 4 * instances;
  const failures: string[] = [];

  if (!cell.instancePerRequest) {
    const cold = key("concurrent");
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => get(cell, cold)));
    const bad = answers.find((a) => a.status !== 200);
    if (bad) return [`GET ${cold} answered ${bad.status}: ${short(bad.body)}`];
    const runs = new Set(answers.map((a) => a.body)).size;
    if (runs > instances)
      failures.push(`${CONCURRENT} concurrent cold requests to ${cold} got ${runs} different bodies: the handler ran ${runs} times, expected once${perInstance}`);
  }

  // Fill the cache: the first answer is a MISS, then a HIT with a body a MISS gave.
  const url = key("swr");
  const old = new Set<string>();
  let lastMissAt = 0;
  let answer: Answer | undefined;
  const seen: string[] = [];
  for (let i = 0; i < tries && answer?.cache !== "HIT"; i++) {
    answer = await get(cell, url);
    seen.push(`${answer.cache} ${short(answer.body)}`);
    if (answer.status !== 200) return [...failures, `GET ${url} answered ${answer.status}: ${short(answer.body)}`];
    if (i === 0 && answer.cache !== "MISS") failures.push(`first GET ${url} answered x-cache: ${answer.cache}, expected MISS`);
    if (answer.cache === "MISS") {
      old.add(answer.body);
      lastMissAt = Date.now();
    }
  }
  if (answer?.cache !== "HIT")
    failures.push(`GET ${url} answered x-cache: ${answer?.cache} ${tries} times in a row, expected HIT after the first MISS${perInstance}: the answer was not cached`);
  else if (!old.has(answer.body)) failures.push(`GET ${url} was a HIT with a body no MISS gave (answers in order: ${seen.join(" | ")})`);
  else if (old.size > instances) failures.push(`GET ${url} answered MISS with ${old.size} different bodies before the first HIT, expected one${perInstance}`);
  if (failures.length > 0) return failures;
  const hitMs = answer!.ms;

  // Expired: STALE with an old body, without waiting for the refresh (an instance the fill never reached answers MISS).
  await sleep(lastMissAt + maxAge * 1000 + 300 - Date.now());
  let stale: Answer | undefined;
  for (let i = 0; i < tries && stale?.cache !== "STALE"; i++) {
    stale = await get(cell, url);
    if (stale.cache !== "STALE" && !(stale.cache === "MISS" && old.size < instances)) break;
  }
  if (stale?.cache !== "STALE" || !old.has(stale.body)) {
    return [
      `GET ${url} ${maxAge} s after the MISS answered x-cache: ${stale?.cache} with ${stale && old.has(stale.body) ? "the old" : "a new"} body, expected STALE with the old body`,
    ];
  }
  // Against the HIT's own time: a host whose every call costs a second (a new worker per call) is
  // still told apart from one that waits for the refresh.
  if (stale.ms > hitMs + staleMs)
    failures.push(
      `the STALE answer took ${stale.ms} ms, ${stale.ms - hitMs} ms more than a HIT (${hitMs} ms), over the ${staleMs} ms budget (budgets.json staleMs): it waited for the refresh`,
    );

  // The background refresh lands: a HIT with a new body.
  const deadline = Date.now() + REFRESH_WITHIN_MS;
  let latest = stale;
  while (!(latest.cache === "HIT" && !old.has(latest.body)) && Date.now() < deadline) {
    await sleep(100);
    latest = await get(cell, url);
  }
  if (old.has(latest.body))
    failures.push(`GET ${url} still answered an old body ${REFRESH_WITHIN_MS} ms after the STALE one (x-cache: ${latest.cache}): the background refresh never landed`);
  // STALE with the new body is the refreshed entry expiring again while the call ran, where one
  // call lasts about as long as the entry lives (every call boots a worker and loads the bundle).
  else if (latest.cache !== "HIT" && !(latest.cache === "STALE" && latest.ms >= (maxAge * 1000) / 2))
    failures.push(`the refreshed answer of ${url} came with x-cache: ${latest.cache} in ${latest.ms} ms, expected HIT`);
  return failures;
}

export interface StoredValue {
  key: string;
  expected: string;
}

/** Writes a value through the starter's API and reads it back with a later request. */
export async function checkStorageWrite(cell: RunningCell, storage: MatrixStarter["storage"], value: string): Promise<{ stored?: StoredValue; failures: string[] }> {
  const stored = await storage.write(cell.fetch, value);
  const read = await storage.read(cell.fetch, stored.key);
  if (read !== stored.expected) return { failures: [`wrote ${JSON.stringify(stored.expected)} under ${stored.key}, a later request read ${JSON.stringify(read)}`] };
  return { stored, failures: [] };
}

/** After a restart on the same persistDir: the value must still be there. */
export async function checkStoragePersists(cell: RunningCell, storage: MatrixStarter["storage"], stored: StoredValue, where: string): Promise<string[]> {
  const read = await storage.read(cell.fetch, stored.key);
  if (read === stored.expected) return [];
  return [`after stop() + start() on the same persistDir, ${stored.key} read ${JSON.stringify(read)}, expected ${JSON.stringify(stored.expected)} (storage: ${where})`];
}
