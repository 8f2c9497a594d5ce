import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { serveFunctionHost, writeHeadersAndRedirects, type PlatformBuildContext } from "edgeplate/build";

/**
 * Netlify reads a function's route from a literal `export const config` in its entry file, so the
 * config is appended to the bundle here rather than exported from the runtime entry.
 */
export async function writeNetlifyConfig(ctx: PlatformBuildContext): Promise<void> {
  const { options, publicFiles } = ctx;
  const config = { path: "/*", preferStatic: true, excludedPath: excludedPaths(publicFiles) };
  await appendFile(join(options.output.serverDir, options.output.entryName), `\nexport const config = ${JSON.stringify(config, null, 2)};\n`);
  await writeHeadersAndRedirects(ctx, { forceRedirects: true });
}

/**
 * Static files never reach the function. Listed one by one: a folder wildcard would also hide the
 * routes that share a folder with a prerendered file (`/api/data.json` next to `/api/users/1`).
 */
export function excludedPaths(publicFiles: string[]): string[] {
  const paths = new Set<string>();
  for (const file of publicFiles) {
    if (/\.(gz|br)$/.test(file)) continue;
    paths.add(file);
    if (file.endsWith("/index.html")) paths.add(file.slice(0, -"/index.html".length) || "/");
  }
  return [...paths].sort();
}

/** `edgeplate preview`: dist/ first, then the function, on a Node server, as `netlify dev` would. */
export async function previewNetlify({ options }: PlatformBuildContext): Promise<void> {
  const entry = join(options.output.serverDir, options.output.entryName);
  const { default: fn } = (await import(pathToFileURL(entry).href)) as { default: (req: Request, ctx: unknown) => Promise<Response> };
  const pending = new Set<Promise<unknown>>();
  const context = (request: Request) => ({
    ip: request.headers.get("x-forwarded-for") ?? "127.0.0.1",
    waitUntil: (p: Promise<unknown>) => pending.add(p.finally(() => pending.delete(p))),
  });
  console.log(`[edgeplate] preview: static files from ${options.output.publicDir}, then the Netlify function ${entry} (Node launcher)`);
  await serveFunctionHost({ staticDir: options.output.publicDir, handler: (request) => fn(request, context(request)) });
}
