import type { StorageMountConfig } from "../../types/config.ts";
import { resolveDriverModule } from "../drivers.ts";
import { driverConstructors } from "./driver-constructors.ts";
import type { VirtualContext } from "./index.ts";

/**
 * The default `cache` mount: in memory, bounded. Cache keys follow request URLs (every query
 * string is a key), so an unbounded store would grow with whatever URLs clients make up; the
 * least recently used entries go first (unstorage's `lru-cache` driver).
 */
const MEMORY_CACHE: StorageMountConfig = { driver: "lru-cache", max: 10_000, maxSize: 128 * 1024 * 1024 };

/** Mounts for `useStorage()`: config first, then `data` defaults to memory and `cache` to a bounded memory. */
export function storageModule({ options }: VirtualContext): string {
  const mounts: Record<string, StorageMountConfig> = { data: { driver: "memory" }, cache: MEMORY_CACHE, ...options.storage };
  const entries = Object.entries(mounts).map(([name, { driver, ...opts }]) => ({
    name,
    module: resolveDriverModule("storage", driver, options.preset.storageDrivers),
    options: opts,
  }));
  const { imports, create } = driverConstructors("storage", entries);
  const items = entries.map((entry, i) => `  { base: ${JSON.stringify(entry.name)}, driver: () => ${create[i]} }`);
  return `${imports}\nexport const mounts = [\n${items.join(",\n")}\n];\n`;
}
