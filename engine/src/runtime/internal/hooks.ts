import type { EdgeplateHooks, Hooks } from "./types.ts";

type AnyHook = (...args: unknown[]) => unknown;

/**
 * A small typed hook registry; `has()` lets the hot path skip hooks nobody listens to, and
 * `onChange` runs whenever the set of listeners (or the app's state, via `changed()`) changes.
 */
export function createHooks(onChange: () => void = () => {}): Hooks {
  const registry = new Map<keyof EdgeplateHooks, AnyHook[]>();
  return {
    hook(name, fn) {
      registry.set(name, [...(registry.get(name) ?? []), fn as AnyHook]);
      onChange();
      return () => {
        registry.set(
          name,
          (registry.get(name) ?? []).filter((f) => f !== fn),
        );
        onChange();
      };
    },
    changed: onChange,
    async callHook(name, ...args) {
      for (const fn of registry.get(name) ?? []) await fn(...args);
    },
    has: (name) => (registry.get(name)?.length ?? 0) > 0,
  };
}
