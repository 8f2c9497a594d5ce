import { runtimeFile } from "../paths.ts";
import type { StorageMountConfig } from "../../types/config.ts";
import { resolveDriverModule } from "../drivers.ts";
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
  const imports: string[] = [`import { resolveDataPath } from ${JSON.stringify(runtimeFile("internal/data-path"))};`];
  const entries: string[] = [];
  Object.entries(mounts).forEach(([base, { driver, ...opts }], i) => {
    imports.push(`import driver${i} from ${JSON.stringify(resolveDriverModule("storage", driver))};`);
    entries.push(`  { base: ${JSON.stringify(base)}, driver: () => driver${i}(${toRuntimeOptions(opts)}) }`);
  });
  return `${imports.join("\n")}\nexport const mounts = [\n${entries.join(",\n")}\n];\n`;
}

/**
 * Serializes driver/connector options. Strings under `.data/` become `resolveDataPath(...)` calls,
 * so `EDGEPLATE_DATA_DIR` can move the data folder at run time.
 */
export function toRuntimeOptions(value: unknown): string {
  return JSON.stringify(value ?? {}, null, 0).replace(/"(\.data\/[^"]*)"/g, (_, p: string) => `resolveDataPath(${JSON.stringify(p)})`);
}
