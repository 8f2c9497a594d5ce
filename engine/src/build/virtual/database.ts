import { runtimeFile } from "../paths.ts";
import { resolveDriverModule } from "../drivers.ts";
import { toRuntimeOptions } from "./storage.ts";
import type { VirtualContext } from "./index.ts";

/** Connectors for `useDatabase(name)`, each imported only when configured. */
export function databaseModule({ options }: VirtualContext): string {
  const imports: string[] = [`import { resolveDataPath } from ${JSON.stringify(runtimeFile("internal/data-path"))};`];
  const entries: string[] = [];
  Object.entries(options.database).forEach(([name, { connector, options: opts }], i) => {
    imports.push(`import connector${i} from ${JSON.stringify(resolveDriverModule("database", connector))};`);
    entries.push(`  ${JSON.stringify(name)}: () => connector${i}(${toRuntimeOptions(opts)})`);
  });
  return `${imports.join("\n")}\nexport const databases = {\n${entries.join(",\n")}\n};\n`;
}
