import { mkdir, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import {
  OTHER_METHODS,
  hostRedirects,
  logger,
  pathsWithOtherMethods,
  scheduleOf,
  serveFunctionHost,
  TASKS_PATH,
  staticHeaders,
  type PlatformBuildContext,
  type ResolvedOptions,
  type StaticHeaders,
} from "edgeplate/build";

type Route = Record<string, unknown>;

const SERVER_FUNC = "__server";
// Paths per header route: one long alternation each, short enough for any route parser.
const SRC_MAX_CHARS = 4000;

/** Writes `config.json`, the function's `.vc-config.json` and one prerender function per `isr` rule. */
export async function writeVercelConfig(ctx: PlatformBuildContext): Promise<void> {
  const { options } = ctx;
  const { serverDir, entryName } = options.output;
  const outputDir = join(serverDir, "../..");
  // The config's `vercel` (Nitro's key): `functions` (memory, maxDuration, …) and `regions` for the
  // function, `config` merged into config.json with its `routes` ahead of Edgeplate's, as Nitro does.
  const vercel = options.config.vercel ?? {};
  await writeJSON(join(serverDir, ".vc-config.json"), {
    runtime: "nodejs20.x",
    ...(vercel.regions && { regions: vercel.regions }),
    ...vercel.functions,
    handler: entryName,
    launcherType: "Nodejs",
    shouldAddHelpers: false,
    supportsResponseStreaming: true,
  });
  await writeIsrFunctions(options, join(outputDir, "functions"));
  const routes = vercelRoutes(options, await staticHeaders(ctx), await pathsWithOtherMethods(ctx));
  const crons = vercelCrons(options);
  await writeJSON(join(outputDir, "config.json"), {
    ...vercel.config,
    version: 3,
    routes: [...((vercel.config?.routes as Route[] | undefined) ?? []), ...routes],
    ...(crons.length > 0 && { crons: [...((vercel.config?.crons as unknown[] | undefined) ?? []), ...crons] }),
  });
  // Without the secret `/_tasks/<name>` answers 404, so every cron call would fail silently.
  if (crons.length > 0) logger.warn(CRON_SECRET_NOTICE);
}

const CRON_SECRET_NOTICE =
  "scheduledTasks: Vercel's cron calls reach the tasks only with `CRON_SECRET` set; add it to the Vercel project's environment variables (Settings → Environment Variables).";

/**
 * `scheduledTasks` as Vercel Cron Jobs (`crons` of the Build Output API's config.json): Vercel sends
 * `GET <path>` with `Authorization: Bearer $CRON_SECRET`, which `/_tasks/<name>` requires.
 */
export function vercelCrons(options: Pick<ResolvedOptions, "config">): { path: string; schedule: string }[] {
  return scheduleOf(options).flatMap(([schedule, names]) => names.map((name) => ({ path: `${TASKS_PATH}/${name}`, schedule })));
}

/**
 * Routes in the order Vercel applies them: headers of static files, redirects (most specific
 * first: the first match answers), other methods than GET on public paths the app routes them on
 * (node-server serves files for GET and HEAD only, so a form's POST next to its prerendered page
 * reaches the route), files, ISR, then the function, which sets its own headers.
 */
export function vercelRoutes(options: Pick<ResolvedOptions, "routeRules">, files: StaticHeaders[], methodPaths: string[] = []): Route[] {
  const redirects = hostRedirects(options.routeRules).map((r) => ({ src: toSrc(r.pattern), headers: { Location: r.to("$1") }, status: r.status }));
  const methods = chunked(methodPaths.map(escapeRegExp)).map((chunk) => ({ src: `^(?:${chunk.join("|")})$`, methods: OTHER_METHODS, dest: `/${SERVER_FUNC}` }));
  const isr = isrRules(options).map(([p, name]) => ({ src: `(?<url>${toSrc(p)})`, dest: `/${name}?url=$url` }));
  return [...fileHeaderRoutes(files), ...redirects, ...methods, { handle: "filesystem" }, ...isr, { src: "/(.*)", dest: `/${SERVER_FUNC}` }];
}

/**
 * The exact paths of static files, never a folder pattern: a route's headers also reach what the
 * function answers under it (an `immutable` 404). GET and HEAD only, as for the files themselves.
 */
function fileHeaderRoutes(files: StaticHeaders[]): Route[] {
  const routes: Route[] = [];
  for (const { headers, paths } of files) {
    if (Object.keys(headers).length === 0) continue;
    for (const chunk of chunked(paths.map(escapeRegExp))) routes.push({ src: `^(?:${chunk.join("|")})$`, methods: ["GET", "HEAD"], headers, continue: true });
  }
  return routes;
}

function escapeRegExp(path: string): string {
  return path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Alternatives split so that no joined chunk is longer than `SRC_MAX_CHARS`. */
function chunked(alternatives: string[]): string[][] {
  const chunks: string[][] = [];
  let length = Number.POSITIVE_INFINITY;
  for (const alternative of alternatives) {
    if (length + alternative.length + 1 > SRC_MAX_CHARS) {
      chunks.push([]);
      length = 0;
    }
    chunks.at(-1)!.push(alternative);
    length += alternative.length + 1;
  }
  return chunks;
}

/** `/api/**` → `/api/(.*)` (captured for redirect targets), `:id` → one segment, `.` a dot. */
function toSrc(pattern: string): string {
  return pattern
    .replace(/\./g, "\\.")
    .replace(/\/\*\*$/, "/(.*)")
    .replace(/:\w+/g, "[^/]+")
    .replace(/\/\*(?=\/|$)/g, "/[^/]+");
}

/** `[pattern, function name]` for every `isr` rule; the name is a path under functions/. */
function isrRules(options: Pick<ResolvedOptions, "routeRules">): [string, string][] {
  return Object.entries(options.routeRules)
    .filter(([pattern, rule]) => rule.isr !== undefined && rule.isr !== false && !/^[A-Z]+ /.test(pattern))
    .map(([pattern]) => [
      pattern,
      `${
        pattern
          .replace(/\/\*\*?$/, "")
          .replace(/[^a-zA-Z0-9/_-]/g, "_")
          .replace(/^\//, "") || "index"
      }-isr`,
    ]);
}

/** Each ISR function is the server function (a link) plus a prerender config that caches it. */
async function writeIsrFunctions(options: ResolvedOptions, functionsDir: string): Promise<void> {
  for (const entry of await readdir(functionsDir)) {
    if (entry !== `${SERVER_FUNC}.func`) await rm(join(functionsDir, entry), { recursive: true, force: true });
  }
  for (const [pattern, name] of isrRules(options)) {
    const isr = options.routeRules[pattern]!.isr;
    const base = join(functionsDir, name);
    await mkdir(dirname(base), { recursive: true });
    await symlink(relative(dirname(base), options.output.serverDir), `${base}.func`, "junction");
    await writeJSON(`${base}.prerender-config.json`, { expiration: isr === true ? false : isr, allowQuery: ["url"], passQuery: true });
  }
}

async function writeJSON(file: string, data: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
}

/** `edgeplate preview`: static/ first, then the function's `fetch`, on a Node server. */
export async function previewVercel({ options }: PlatformBuildContext): Promise<void> {
  const entry = join(options.output.serverDir, options.output.entryName);
  const { default: fn } = (await import(pathToFileURL(entry).href)) as { default: { fetch: (req: Request) => Promise<Response> } };
  console.log(`[edgeplate] preview: static files from ${options.output.publicDir}, then the Vercel function ${entry} (Node launcher)`);
  await serveFunctionHost({ staticDir: options.output.publicDir, handler: (request) => fn.fetch(request) });
}
