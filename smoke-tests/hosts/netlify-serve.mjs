// Serves a built Netlify site (`dist/`, `.netlify/functions-internal/`) through Netlify's own local
// emulation on PORT: `@netlify/dev` runs the functions, `_redirects`, `_headers`, static files and
// Blobs, and its HTTPServer (the one `netlify dev` answers with) takes the requests.
// Usage: PORT=8888 node smoke-tests/hosts/netlify-serve.mjs <site dir>
// Lives in this folder so that `@netlify/dev` resolves from its own install (see package.json).
import { promises as fsp } from "node:fs";
import { join, resolve } from "node:path";
import { NetlifyDev } from "@netlify/dev";
// NetlifyDev's own passthrough server; @netlify/dev depends on it.
import { HTTPServer } from "@netlify/dev-utils";

const [siteDir] = process.argv.slice(2);
if (!siteDir || !process.env.PORT) {
  console.error("[netlify-serve] usage: PORT=<port> node netlify-serve.mjs <site dir> (the folder with netlify.toml, dist/ and .netlify/)");
  process.exit(2);
}

// @netlify/dev builds each call's function into a folder of its own under .netlify/functions-serve
// and removes it as soon as the call answers, while the call's `waitUntil` work still runs in its
// worker and may load modules from there (an SWR refresh opening Postgres loads pg then: "Cannot
// find module 'pg-pool'"). On Netlify a function's files outlive its answer, so these folders are
// kept until this host stops. @netlify/dev calls `fs.promises.rm` on each (dev/dist/main.js).
const functionsServe = join(resolve(siteDir), ".netlify/functions-serve");
const kept = [];
const rm = fsp.rm.bind(fsp);
fsp.rm = (path, options) => {
  if (!String(path).startsWith(`${functionsServe}/`)) return rm(path, options);
  kept.push(path);
  return Promise.resolve();
};

const dev = new NetlifyDev({
  projectRoot: resolve(siteDir),
  skipGitignore: true,
  // Not asserted by the matrix, and each needs what is not here: Deno (edge functions), the
  // network (geolocation, AI gateway), a linked site (database, images).
  edgeFunctions: { enabled: false },
  geolocation: { enabled: false },
  aiGateway: { enabled: false },
  database: { enabled: false },
  images: { enabled: false },
});
await dev.start();

// One request at a time: @netlify/dev 5.1.3 builds the function into a folder of each request's own,
// removed when it answers, but keeps the last build on the function, so concurrent calls load a
// build that is gone ("Cannot find module …/.netlify/functions-serve/_…/server/server.mjs", seen
// with 8 concurrent GETs).
let queue = Promise.resolve();
function oneAtATime(task) {
  const run = queue.then(task);
  queue = run.catch(() => {});
  return run;
}

const server = new HTTPServer((request) => oneAtATime(async () => (await dev.handle(request)) ?? new Response("Not found", { status: 404 })));
const url = await server.start(Number(process.env.PORT));
// performance.now() counts from this process's start: how much of the cold start is the emulator's own.
console.log(`[netlify-serve] ${dev.getEnabledFeatures().join(", ")} on ${url}, up ${Math.round(performance.now())} ms after spawn`);

const stop = async () => {
  await server.stop();
  await dev.stop();
  await Promise.all(kept.map((path) => rm(path, { force: true, recursive: true })));
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
