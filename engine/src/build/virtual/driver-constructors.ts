import { runtimeFile } from "../paths.ts";

export interface DriverEntry {
  /** The mount point or database name. */
  name: string;
  /** The driver's or connector's module; its default export takes the options. */
  module: string;
  options: Record<string, unknown>;
}

/**
 * Imports plus one constructor expression per storage mount or database. Options are written as
 * the config has them; the environment's (`EDGEPLATE_STORAGE_*`, `EDGEPLATE_DATABASE_*`) are read
 * by `resolveEnvOptions` when the driver is created, so they never reach the bundle.
 */
export function driverConstructors(kind: "storage" | "database", entries: DriverEntry[]): { imports: string; create: string[] } {
  const imports = [`import { resolveEnvOptions } from ${JSON.stringify(runtimeFile("config/env-options"))};`];
  const names = JSON.stringify(entries.map((e) => e.name));
  const create = entries.map((entry, i) => {
    imports.push(`import create${i} from ${JSON.stringify(entry.module)};`);
    const target = `{ kind: ${JSON.stringify(kind)}, name: ${JSON.stringify(entry.name)}, siblings: names }`;
    return `create${i}(resolveEnvOptions(${JSON.stringify(entry.options)}, ${target}))`;
  });
  return { imports: `${imports.join("\n")}\nconst names = ${names};`, create };
}
