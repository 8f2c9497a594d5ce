import { routedPublicPaths } from "../host-rules.ts";
import type { VirtualContext } from "./index.ts";

/**
 * The public files the server serves itself, with their metadata. Hosts that serve them instead
 * (\`serveStatic: false\`) get only the paths whose other methods than GET reach the app: those
 * requests come to the server for every method, and GET/HEAD must still answer with the file.
 */
export function publicAssetsModule({ options, app, publicFiles }: VirtualContext): string {
  const hostServed = options.preset.serveStatic === false;
  const assets = hostServed ? {} : Object.fromEntries(publicFiles.map((f) => [f.path, f.meta]));
  const routed = hostServed
    ? routedPublicPaths(
        app.routes,
        publicFiles.map((f) => f.path),
      )
    : [];
  // No files: `undefined`, so the bundle leaves out the runtime's file serving (h3's `serveStatic`, its MIME types).
  const served = Object.keys(assets).length > 0 ? JSON.stringify(assets) : "undefined";
  return `export const publicAssets = ${served};\nexport const routedPublicPaths = ${JSON.stringify(routed)};\n`;
}
