import { join } from "pathe";
import { runtimeDir } from "../paths.ts";
import type { StorageMountConfig } from "../../types/config.ts";
import { resolveDriverModule } from "../drivers.ts";
import type { VirtualContext } from "./index.ts";

/** Mounts for `useStorage()`: config first, then `data` and `cache` default to memory. */
export function storageModule({ options }: VirtualContext): string {
  const mounts: Record<string, StorageMountConfig> = { data: { driver: "memory" }, cache: { driver: "memory" }, ...options.storage };
  const imports: string[] = [`import { resolveDataPath } from ${JSON.stringify(join(runtimeDir, "internal/data-path.ts"))};`];
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
