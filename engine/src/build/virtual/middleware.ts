import type { VirtualContext } from "./index.ts";

export function middlewareModule({ app }: VirtualContext): string {
  return importList("middleware", app.middleware);
}

/** Static imports of each file's default export, in the given order. */
export function importList(name: string, files: string[]): string {
  const imports = files.map((file, i) => `import m${i} from ${JSON.stringify(file)};`);
  return `${imports.join("\n")}\nexport const ${name} = [${files.map((_, i) => `m${i}`).join(", ")}];\n`;
}
