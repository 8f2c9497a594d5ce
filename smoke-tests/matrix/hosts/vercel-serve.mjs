// Serves a Build Output API folder (`.vercel/output`) on PORT the way Vercel runs it: config.json's
// routes (vercel-router.mjs) in front of `static/` and `functions/*.func`, each function loaded from
// its `.vc-config.json` handler and called as Vercel's Node launcher calls `export default { fetch }`,
// inside the request context that `@vercel/functions` (waitUntil) reads.
// Usage: PORT=3000 node smoke-tests/matrix/hosts/vercel-serve.mjs <.vercel/output>
import { AsyncLocalStorage } from "node:async_hooks";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { compileRoutes, runPhase } from "./vercel-router.mjs";

const [outputArg] = process.argv.slice(2);
if (!outputArg || !process.env.PORT) {
  console.error("[vercel-serve] usage: PORT=<port> node vercel-serve.mjs <.vercel/output folder>");
  process.exit(2);
}
const output = resolve(outputArg);
const configFile = join(output, "config.json");
const config = JSON.parse(readFileSync(configFile, "utf8"));
if (config.version !== 3) throw new Error(`[vercel-serve] ${configFile}: \`version\` is ${config.version}; the Build Output API here is version 3.`);
if (config.overrides) throw new Error(`[vercel-serve] ${configFile}: \`overrides\` is not executed here; remove it or test on a Vercel preview deployment.`);
const phases = compileRoutes(config.routes ?? [], configFile);

// What `@vercel/functions` reads: globalThis[Symbol.for("@vercel/request-context")].get().
const requestContext = new AsyncLocalStorage();
globalThis[Symbol.for("@vercel/request-context")] = { get: () => requestContext.getStore() };

/** A static file under static/ (the path itself, or its folder's index.html), or undefined. */
function staticFile(path) {
  const file = join(output, "static", decodeURIComponent(path));
  for (const candidate of [file, join(file, "index.html")]) {
    if (candidate.startsWith(join(output, "static")) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
}

/** `/__server` → functions/__server.func, when it holds a `.vc-config.json`. */
function functionDir(path) {
  const dir = join(output, "functions", `${path.replace(/^\/+/, "")}.func`);
  return existsSync(join(dir, ".vc-config.json")) ? dir : undefined;
}

/** What serves `path` in the `filesystem` phase: a file of static/, else a function. */
function target(path) {
  const file = staticFile(path);
  if (file) return { file };
  const func = functionDir(path);
  if (func) return { func };
}

/** The router's answer for a request: what serves it, with the headers and status routes set. */
function route(method, url) {
  const state = { path: url.pathname, query: new URLSearchParams(url.search), headers: {}, status: undefined, matches: undefined };
  for (const phase of [null, "filesystem"]) {
    const ended = runPhase(phases.get(phase) ?? [], state, method);
    // A route that ends with a status and no dest answers itself (a redirect), files or not.
    if (ended?.status && !ended.dest) return { state };
    const found = target(state.path);
    if (found) return { state, target: found };
  }
  return { state };
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".xml": "application/xml",
  ".webmanifest": "application/manifest+json",
};

function serveFile(file, method) {
  const body = readFileSync(file);
  // Vercel's default for static files that set no cache-control of their own.
  const headers = {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "content-length": String(body.length),
    "cache-control": "public, max-age=0, must-revalidate",
  };
  return new Response(method === "HEAD" ? null : body, { headers });
}

const loaded = new Map();
/** A function's `fetch`, loaded as the Node launcher does from `.vc-config.json`'s `handler`. */
async function loadFunction(dir) {
  if (!loaded.has(dir)) {
    const vc = JSON.parse(readFileSync(join(dir, ".vc-config.json"), "utf8"));
    if (vc.launcherType !== "Nodejs" || !String(vc.runtime).startsWith("nodejs"))
      throw new Error(`[vercel-serve] ${dir}/.vc-config.json: runtime \`${vc.runtime}\` / launcher \`${vc.launcherType}\` is not the Node launcher run here.`);
    const mod = await import(pathToFileURL(join(dir, vc.handler)).href);
    if (typeof mod.default?.fetch !== "function") throw new Error(`[vercel-serve] ${dir}/${vc.handler}: no \`export default { fetch }\`; only web handlers are launched here.`);
    loaded.set(dir, mod.default);
  }
  return loaded.get(dir);
}

/** Calls a function with the original path (the route's query and matches added), as Vercel does. */
async function invoke(dir, req, url, state, pending) {
  const handler = await loadFunction(dir);
  const target = new URL(url.pathname, url);
  target.search = state.query.toString();
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, [value].flat().join(", "));
  headers.set("x-forwarded-for", req.socket.remoteAddress ?? "127.0.0.1");
  headers.set("x-real-ip", req.socket.remoteAddress ?? "127.0.0.1");
  headers.set("x-forwarded-proto", "http");
  headers.set("x-forwarded-host", req.headers.host ?? "localhost");
  if (state.matches) headers.set("x-now-route-matches", new URLSearchParams(state.matches).toString());
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(target, { method: req.method, headers, body: hasBody ? Readable.toWeb(req) : null, duplex: "half" });
  const context = { waitUntil: (promise) => pending.push(promise), headers: Object.fromEntries(headers) };
  return requestContext.run(context, () => handler.fetch(request));
}

async function handle(req, res) {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  const { state, target } = route(req.method ?? "GET", url);
  const pending = [];
  let response;
  if (target?.file) response = serveFile(target.file, req.method);
  else if (target?.func) response = await invoke(target.func, req, url, state, pending);
  else response = new Response(state.status ? null : "The page could not be found.\n\nNOT_FOUND\n", { status: state.status ?? 404 });
  // Route headers replace a file's defaults; a function's own headers win over them (as `vercel dev`'s proxy does).
  const own = Object.fromEntries(response.headers);
  const headers = target?.file ? { ...own, ...state.headers } : { ...state.headers, ...own };
  delete headers["set-cookie"];
  const cookies = response.headers.getSetCookie();
  res.writeHead(state.status ?? response.status, { ...headers, ...(cookies.length > 0 && { "set-cookie": cookies }) });
  if (response.body && req.method !== "HEAD") await new Promise((done, fail) => Readable.fromWeb(response.body).on("error", fail).pipe(res).on("finish", done).on("error", fail));
  else res.end();
  // Vercel keeps the instance alive for what `waitUntil` was given.
  await Promise.allSettled(pending);
}

const server = createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("A server error has occurred\n\nFUNCTION_INVOCATION_FAILED\n");
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`[vercel-serve] ${output} on http://127.0.0.1:${process.env.PORT}`));
const stop = () => server.close(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
