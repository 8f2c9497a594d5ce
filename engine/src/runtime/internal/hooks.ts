import type { EdgeplateHooks, Hooks } from "./types.ts";

type AnyHook = (...args: unknown[]) => unknown;

/** A small typed hook registry; `has()` lets the hot path skip hooks nobody listens to. */
export function createHooks(): Hooks {
  const registry = new Map<keyof EdgeplateHooks, AnyHook[]>();
  return {
    hook(name, fn) {
      const list = registry.get(name) ?? [];
      list.push(fn as AnyHook);
      registry.set(name, list);
      return () => registry.set(name, (registry.get(name) ?? []).filter((f) => f !== fn));
    },
    async callHook(name, ...args) {
      for (const fn of registry.get(name) ?? []) await fn(...args);
    },
    has: (name) => (registry.get(name)?.length ?? 0) > 0,
  };
}
