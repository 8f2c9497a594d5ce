import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { serve } from "srvx/node";
import { drainRefusedBodies, handleShutdownSignals, setPublicAssetReader, trackInflight, useApp, websocketPlugins } from "edgeplate/platform";

/** Serves the app on EDGEPLATE_PORT / PORT (default 3000), all interfaces unless HOST is set. */
export function startServer(publicDirUrl: URL, opts: { shared?: boolean } = {}) {
  const publicDir = fileURLToPath(publicDirUrl);
  setPublicAssetReader(cachedReader(publicDir));
  const app = useApp();
  const server = serve({
    // A 413 must reach a client that is still sending its body (drain.ts).
    fetch: trackInflight(drainRefusedBodies(app.fetch)),
    port: process.env.EDGEPLATE_PORT || process.env.PORT || 3000,
    hostname: process.env.EDGEPLATE_HOST || process.env.HOST || undefined,
    silent: !!process.env.EDGEPLATE_SILENT,
    // Cluster workers must share the primary's listening handle (non-exclusive) to be balanced.
    reusePort: opts.shared,
    gracefulShutdown: false,
    // WebSocket routes (`websocket: true`): crossws answers upgrades with the route's hooks.
    plugins: websocketPlugins,
  });
  handleShutdownSignals({
    onSignal: (shutdown) => {
      for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, shutdown);
    },
    close: async () => {
      // Keep-alive sockets that go idle after their last response would otherwise hold the close open.
      const reaper = setInterval(() => (server.node?.server as { closeIdleConnections?: () => void } | undefined)?.closeIdleConnections?.(), 50);
      try {
        await server.close();
      } finally {
        clearInterval(reaper);
      }
    },
    exit: (code) => process.exit(code),
    timeout: process.env.EDGEPLATE_SHUTDOWN_TIMEOUT,
  });
  return server;
}

const MAX_CACHED_FILE = 256 * 1024;
const MAX_CACHED_TOTAL = 32 * 1024 * 1024;

/** Build output never changes under a running server, so small public files are kept in memory. */
function cachedReader(publicDir: string) {
  const cache = new Map<string, Buffer>();
  let total = 0;
  return async (id: string): Promise<BodyInit> => {
    const hit = cache.get(id);
    if (hit) return hit as Uint8Array<ArrayBuffer>;
    const bytes = await readFile(publicDir + id);
    if (bytes.length <= MAX_CACHED_FILE && total + bytes.length <= MAX_CACHED_TOTAL) {
      cache.set(id, bytes);
      total += bytes.length;
    }
    return bytes as Uint8Array<ArrayBuffer>;
  };
}
