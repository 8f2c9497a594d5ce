import { readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { build as esbuild } from "esbuild";
import { serveFunctionHost, type PlatformBuildContext } from "edgeplate/build";

/** The worker's file, at the site root so that its scope is the whole site. */
export const WORKER_FILE = "sw.js";
/** A script that registers it: `<script src="/sw-register.js"></script>` in the app's pages. */
export const REGISTER_FILE = "sw-register.js";

/**
 * The output is `.output/public/`: the static files, `sw.js` and `sw-register.js`. A service worker
 * may not `import()` (module workers forbid it, classic ones have no modules), so the server bundle,
 * one chunk per route, is bundled once more into one classic script, its lazy routes inlined.
 */
export async function writeServiceWorker({ options }: PlatformBuildContext): Promise<void> {
  const { serverDir, entryName, publicDir } = options.output;
  await esbuild({
    entryPoints: [join(serverDir, entryName)],
    outfile: join(publicDir, WORKER_FILE),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: options.minify,
    logLevel: "silent",
  });
  await writeFile(join(publicDir, REGISTER_FILE), REGISTER_SCRIPT);
  await rm(serverDir, { recursive: true, force: true });
  const manifestFile = join(options.output.dir, "edgeplate.json");
  const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as Record<string, unknown>;
  // Relative to the app folder, as every manifest path: `.output/public/sw.js`.
  await writeFile(manifestFile, `${JSON.stringify({ ...manifest, entry: relative(options.rootDir, join(publicDir, WORKER_FILE)) }, null, 2)}\n`);
}

// `ready` resolves once the worker is active; the page is controlled from then on (clients.claim).
const REGISTER_SCRIPT = `if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/${WORKER_FILE}", { scope: "/" }).catch((error) => console.error("[edgeplate] service worker registration failed:", error));
}
`;

/** `edgeplate preview`: a plain file server over `.output/public/`; the browser runs the app. */
export async function previewServiceWorker({ options }: PlatformBuildContext): Promise<void> {
  const dir = options.output.publicDir;
  console.log(
    `[edgeplate] preview: static file server for ${relative(process.cwd(), dir) || dir}; open it in a browser, whose service worker (/${WORKER_FILE}) answers the app's routes`,
  );
  const notFound = () => new Response("Not Found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  await serveFunctionHost({ staticDir: dir, handler: notFound });
}
