import { builtinDrivers } from "unstorage";
import type { StorageMountConfig } from "../../types/config.ts";
import { resolveDriverModule } from "../drivers.ts";
import { runtimeFile } from "../paths.ts";
import { driverConstructors } from "./driver-constructors.ts";
import type { VirtualContext } from "./index.ts";

/**
 * The default `cache` mount: in memory, bounded. Cache keys follow request URLs (every query
 * string is a key), so an unbounded store would grow with whatever URLs clients make up; the
 * least recently used entries go first (unstorage's `lru-cache` driver).
 */
const MEMORY_CACHE: StorageMountConfig = { driver: "lru-cache", max: 10_000, maxSize: 128 * 1024 * 1024 };

/** unstorage's in-process drivers: their mounts need no outage guard (`runtime/storage/guarded-driver.ts`). */
const LOCAL_DRIVER_MODULES = new Set(["memory", "lru-cache", "fs", "fs-lite", "indexedb"].map((name) => (builtinDrivers as Record<string, string>)[name]));

/** Mounts for `useStorage()`: config first, then `data` defaults to memory and `cache` to a bounded memory. */
export function storageModule({ options }: VirtualContext): string {
  const mounts: Record<string, StorageMountConfig> = { data: { driver: "memory" }, cache: MEMORY_CACHE, ...options.storage };
  const entries = Object.entries(mounts).map(([name, { driver, ...opts }]) => ({
    name,
    module: resolveDriverModule("storage", driver, options.preset.storageDrivers),
    options: opts,
  }));
  const { imports, create } = driverConstructors("storage", entries);
  // Any other driver may be networked: its mount gets the guard, which the bundle then holds.
  const guarded = entries.map((entry) => !LOCAL_DRIVER_MODULES.has(entry.module));
  const guard = guarded.includes(true) ? `\nimport { guardNetworked } from ${JSON.stringify(runtimeFile("storage/guarded-driver"))};` : "";
  const items = entries.map((entry, i) => `  { base: ${JSON.stringify(entry.name)}, driver: () => ${create[i]}${guarded[i] ? ", guard: guardNetworked" : ""} }`);
  return `${imports}${guard}\nexport const mounts = [\n${items.join(",\n")}\n];\n`;
}
