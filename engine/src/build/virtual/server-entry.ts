import { relative } from "pathe";
import { runtimeFile } from "../paths.ts";
import type { VirtualContext } from "./index.ts";

/**
 * `#edgeplate/server-entry`: the app's `server.ts` (imported eagerly, as Nitro does: it is the app
 * for every path no route claims) adapted to a middleware by the runtime, or nothing.
 */
export function serverEntryModule({ app, options }: VirtualContext): string {
  const entry = app.serverEntry;
  if (!entry) return "export const serverEntry = undefined;\n";
  const name = JSON.stringify(entry.file.startsWith("#") ? entry.file : relative(options.rootDir, entry.file));
  // A Node `(req, res)` handler (`server.node.ts`: Express, Fastify) becomes a fetch handler through srvx.
  const toFetch = entry.format === "node" ? `import { toFetchHandler } from "srvx/node";\n` : "";
  const handler = entry.format === "node" ? "{ fetch: toFetchHandler(entry) }" : "entry";
  return `import entry from ${JSON.stringify(entry.file)};
${toFetch}import { createServerEntry } from ${JSON.stringify(runtimeFile("internal/server-entry"))};
export const serverEntry = createServerEntry(${handler}, ${name});
`;
}
