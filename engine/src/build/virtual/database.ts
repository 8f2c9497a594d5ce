import { resolveDriverModule } from "../drivers.ts";
import { driverConstructors } from "./driver-constructors.ts";
import type { VirtualContext } from "./index.ts";

/** Connectors for `useDatabase(name)`, each imported only when configured. */
export function databaseModule({ options }: VirtualContext): string {
  const entries = Object.entries(options.database).map(([name, db]) => ({ name, module: resolveDriverModule("database", db.connector), options: db.options ?? {} }));
  const { imports, create } = driverConstructors("database", entries);
  const items = entries.map((entry, i) => `  ${JSON.stringify(entry.name)}: () => ${create[i]}`);
  return `${imports}\nexport const databases = {\n${items.join(",\n")}\n};\n`;
}
