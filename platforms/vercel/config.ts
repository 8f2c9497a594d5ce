import { mkdir, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { serveFunctionHost, type PlatformBuildContext, type ResolvedOptions } from "edgeplate/build";

type Route = Record<string, unknown>;

const SERVER_FUNC = "__server";

/** Writes `config.json`, the function's `.vc-config.json` and one prerender function per `isr` rule. */
export async function writeVercelConfig({ options }: PlatformBuildContext): Promise<void> {
  const { serverDir, entryName } = options.output;
  const outputDir = join(serverDir, "../..");
  await writeJSON(join(serverDir, ".vc-config.json"), {
    runtime: "nodejs20.x",
    handler: entryName,
    launcherType: "Nodejs",
    shouldAddHelpers: false,
    supportsResponseStreaming: true,
  });
  await writeIsrFunctions(options, join(outputDir, "functions"));
  await writeJSON(join(outputDir, "config.json"), { version: 3, routes: vercelRoutes(options) });
}

/** Routes in the order Vercel applies them: headers, redirects, files, ISR, then the function. */
export function vercelRoutes(options: Pick<ResolvedOptions, "routeRules">): Route[] {
  const rules = Object.entries(options.routeRules).filter(([pattern]) => !/^[A-Z]+ /.test(pattern));
  const headers = rules.filter(([, r]) => r.headers).map(([p, r]) => ({ src: toSrc(p), headers: r.headers, continue: true }));
  const redirects = rules
    .filter(([, r]) => r.redirect)
    .map(([p, r]) => {
      const { to, status = 307 } = typeof r.redirect === "string" ? { to: r.redirect } : (r.redirect as { to: string; status?: number });
      return { src: toSrc(p), headers: { Location: p.endsWith("/**") ? to.replace(/\/\*\*$/, "/$1") : to }, status };
    });
  const isr = isrRules(options).map(([p, name]) => ({ src: `(?<url>${toSrc(p)})`, dest: `/${name}?url=$url` }));
  return [...headers, ...redirects, { handle: "filesystem" }, ...isr, { src: "/(.*)", dest: `/${SERVER_FUNC}` }];
}

/** `/api/**` → `/api/(.*)` (captured for redirect targets), `:id` → one segment. */
function toSrc(pattern: string): string {
  return pattern
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
