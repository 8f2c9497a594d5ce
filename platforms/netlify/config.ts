import { appendFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { OTHER_METHODS, hostPath, hostRedirects, pathsWithOtherMethods, scheduleOf, serveFunctionHost, writeHeadersAndRedirects, type PlatformBuildContext } from "edgeplate/build";

// A function of its own for methods other than GET and HEAD on public paths (see below).
const METHODS_FUNCTION = "server-methods";

/**
 * Netlify reads a function's route from a literal `export const config` in its entry file, so the
 * config is appended to the bundle here rather than exported from the runtime entry.
 */
export async function writeNetlifyConfig(ctx: PlatformBuildContext): Promise<void> {
  const { options, publicFiles } = ctx;
  const otherMethods = await pathsWithOtherMethods(ctx);
  // The methods function's paths too: two functions on one path would leave the choice to Netlify.
  const excludedPath = [...new Set([...excludedPaths(publicFiles), ...redirectSources(options.routeRules), ...otherMethods])].sort();
  const config = { path: "/*", preferStatic: true, excludedPath };
  await appendFile(join(options.output.serverDir, options.output.entryName), `\nexport const config = ${JSON.stringify(config, null, 2)};\n`);
  await writeHeadersAndRedirects(ctx, { forceRedirects: true });
  await writeMethodsFunction(ctx, otherMethods);
  await writeScheduledFunctions(ctx);
}

const CRON_FUNCTION = "edgeplate-cron-";

/**
 * `scheduledTasks` as Netlify scheduled functions: one function per cron (`config.schedule`), which
 * loads the server bundle and runs that cron's tasks in it. Netlify invokes them itself; they have
 * no path, so nobody else can.
 */
async function writeScheduledFunctions(ctx: PlatformBuildContext): Promise<void> {
  const { serverDir, entryName } = ctx.options.output;
  const functionsDir = join(serverDir, "..");
  for (const entry of await readdir(functionsDir)) {
    if (entry.startsWith(CRON_FUNCTION)) await rm(join(functionsDir, entry), { recursive: true, force: true });
  }
  for (const [i, [cron]] of scheduleOf(ctx.options).entries()) {
    const dir = join(functionsDir, `${CRON_FUNCTION}${i}`);
    await mkdir(dir, { recursive: true });
    const server = relative(dir, join(serverDir, entryName)).replaceAll("\\", "/");
    await writeFile(join(dir, `${CRON_FUNCTION}${i}.mjs`), netlifyCronFunction(server, cron));
  }
}

/** A scheduled function's source: the cron's tasks, run in the server bundle; 204 once they finished. */
export function netlifyCronFunction(serverModule: string, cron: string): string {
  return `import { runScheduledTasks } from ${JSON.stringify(serverModule)};
export default async () => {
  await runScheduledTasks(${JSON.stringify(cron)});
  return new Response(null, { status: 204 });
};
export const config = { schedule: ${JSON.stringify(cron)} };
`;
}

/**
 * node-server serves public files for GET and HEAD only: a POST to `/contact` next to its
 * prerendered page reaches the route. The server function never sees public paths, and a function
 * has one route config, so a second one (the same server) takes the other methods on the public
 * paths the app has such routes for; GET and HEAD there stay with the CDN.
 */
async function writeMethodsFunction(ctx: PlatformBuildContext, paths: string[]): Promise<void> {
  const { serverDir, entryName } = ctx.options.output;
  const dir = join(serverDir, "..", METHODS_FUNCTION);
  await rm(dir, { recursive: true, force: true });
  if (paths.length === 0) return;
  await mkdir(dir, { recursive: true });
  const config = { path: paths, method: OTHER_METHODS };
  const server = relative(dir, join(serverDir, entryName)).replaceAll("\\", "/");
  await writeFile(join(dir, `${METHODS_FUNCTION}.mjs`), `export { default } from ${JSON.stringify(server)};\nexport const config = ${JSON.stringify(config, null, 2)};\n`);
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

/**
 * Netlify matches a function's `path` before `_redirects` (`@netlify/dev` does too): under `/*`
 * the function would answer every redirect itself and `_redirects` would never apply. Left out,
 * the CDN answers them, in `_redirects`' path syntax.
 */
function redirectSources(rules: PlatformBuildContext["options"]["routeRules"]): string[] {
  return hostRedirects(rules).map((r) => hostPath(r.pattern));
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
