import { describe, expect, it } from "vitest";
import type { RunningServer } from "./helpers.ts";

export interface StorageSuiteContext {
  /** The running server (it changes after `restart`). */
  server: () => RunningServer;
  /** Stops the server and starts the same output again, in the same folder. */
  restart: () => Promise<void>;
  /** Mount under test, e.g. `data`. */
  mount: string;
  /** Whether values survive a restart (fs, redis) or not (memory). */
  persistent: boolean;
}

/** The same checks for every storage driver: each one only says how to reach a server using it. */
export function storageSuite(name: string, ctx: StorageSuiteContext): void {
  // Unique per run, so a shared backend (Redis) never sees a previous run's keys.
  const prefix = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const kv = (key: string, query: Record<string, string> = {}, init?: RequestInit) =>
    fetch(`${ctx.server().url}/kv/${key}?${new URLSearchParams(query)}`, init).then(async (res) => {
      expect(res.status).toBe(200);
      return (await res.json()) as Record<string, unknown>;
    });
  const put = (key: string, value: unknown, query: Record<string, string> = {}) =>
    kv(key, query, { method: "PUT", body: JSON.stringify(value), headers: { "content-type": "application/json" } });
  const base = { base: ctx.mount };

  describe(name, () => {
    it("sets and gets through a base and through the root", async () => {
      await put(`${prefix}:user:1`, { name: "Ada" }, base);
      expect(await kv(`${prefix}:user:1`, base)).toEqual({ value: { name: "Ada" } });
      expect(await kv(`${ctx.mount}:${prefix}:user:1`)).toEqual({ value: { name: "Ada" } });
      await put(`${ctx.mount}:${prefix}:count`, 41);
      expect(await kv(`${prefix}:count`, base)).toEqual({ value: 41 });
      expect(await kv(`${prefix}:missing`, base)).toEqual({ value: null });
    });

    it("answers has and keys, with and without a base", async () => {
      expect(await kv(`${prefix}:user:1`, { ...base, op: "has" })).toEqual({ has: true });
      expect(await kv(`${ctx.mount}:${prefix}:user:1`, { op: "has" })).toEqual({ has: true });
      expect(await kv(`${prefix}:nope`, { ...base, op: "has" })).toEqual({ has: false });
      expect(await kv(prefix, { ...base, op: "keys" })).toEqual({ keys: [`${prefix}:count`, `${prefix}:user:1`] });
      expect(await kv(`${ctx.mount}:${prefix}`, { op: "keys" })).toEqual({ keys: [`${ctx.mount}:${prefix}:count`, `${ctx.mount}:${prefix}:user:1`] });
    });

    it("removes, with and without a base", async () => {
      await kv(`${prefix}:count`, base, { method: "DELETE" });
      expect(await kv(`${prefix}:count`, { ...base, op: "has" })).toEqual({ has: false });
      await kv(`${ctx.mount}:${prefix}:user:1`, {}, { method: "DELETE" });
      expect(await kv(`${prefix}:user:1`, base)).toEqual({ value: null });
      expect(await kv(prefix, { ...base, op: "keys" })).toEqual({ keys: [] });
    });

    it(ctx.persistent ? "keeps values across a restart" : "loses values on a restart", async () => {
      await put(`${prefix}:kept`, "still here", base);
      await ctx.restart();
      expect(await kv(`${prefix}:kept`, base)).toEqual({ value: ctx.persistent ? "still here" : null });
      await kv(`${prefix}:kept`, base, { method: "DELETE" });
    });
  });
}
