// What install-layouts.test.ts asserts of every running output (routes of fixtures/layouts).
import { expect } from "vitest";
import type { Target } from "./conformance.ts";

// A hung request fails its check in seconds, not at the test timeout.
const REQUEST_TIMEOUT_MS = 10_000;

export interface CheckOptions {
  /** Unique per cell: the database row's text and the Redis key. */
  key: string;
  /** false where the host cannot reach Redis (the caller prints why). */
  redis: boolean;
}

/**
 * Runs every check, even after one failed, so a cell reports all that broke (the cache and the
 * database fail for different reasons).
 * @returns one line per failed check: its name, then the assertion's first line.
 */
export async function checkApp(fetch: Target["fetch"], { key, redis }: CheckOptions): Promise<string[]> {
  const get = (path: string, init: RequestInit = {}) => fetch(path, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const checks: [string, () => Promise<void>][] = [
    [
      "default cache (MISS then HIT)",
      async () => {
        const first = await get("/cached");
        const second = await get("/cached");
        expect([first.status, first.headers.get("x-cache"), second.headers.get("x-cache")], await first.clone().text()).toEqual([200, "MISS", "HIT"]);
        expect(await second.json()).toEqual(await first.json());
      },
    ],
    [
      "default database (create, insert, select)",
      async () => {
        const res = await get(`/db?text=${key}`);
        expect(res.status, await res.clone().text()).toBe(200);
        expect(await res.json()).toEqual([{ text: key }]);
      },
    ],
    [
      "route rule header",
      async () => {
        expect((await get("/cached")).headers.get("x-layout-rule")).toBe("applied");
      },
    ],
  ];
  if (redis) checks.push(["Redis mount round trip", () => redisRoundTrip(get, key)]);
  const failed: string[] = [];
  for (const [name, check] of checks) {
    await check().catch((error: Error) => failed.push(`${name}: ${error.message.split("\n")[0]}`));
  }
  return failed;
}

async function redisRoundTrip(get: Target["fetch"], key: string): Promise<void> {
  const json = { "content-type": "application/json" };
  const put = await get(`/redis/${key}`, { method: "PUT", headers: json, body: JSON.stringify({ key }) });
  expect(put.status, await put.clone().text()).toBe(200);
  const read = await get(`/redis/${key}`);
  expect(await read.json()).toEqual({ value: { key } });
  expect((await get(`/redis/${key}`, { method: "DELETE" })).status).toBe(200);
}
