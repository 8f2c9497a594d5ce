import { serve } from "srvx/bun";
import { drainRefusedBodies, handleShutdownSignals, setPublicAssetReader, trackInflight, useApp, websocketPlugins } from "edgeplate/platform";

declare const Bun: { file(path: string): Blob & { exists(): Promise<boolean> } };

const publicDir = decodeURIComponent(new URL("../public", import.meta.url).pathname);
// Bun.file is lazy: the static server streams the file straight from disk.
setPublicAssetReader((id) => Bun.file(publicDir + id));

const app = useApp();
// No `export default`: Bun would take an exported `{ fetch, port }` for a second server to start.
const server = serve({
  // A 413 must reach a client that is still sending its body (drain.ts).
  fetch: trackInflight(drainRefusedBodies(app.fetch)),
  port: process.env.EDGEPLATE_PORT || process.env.PORT || 3000,
  hostname: process.env.EDGEPLATE_HOST || process.env.HOST || undefined,
  // srvx's own shutdown knows nothing of the app's `close` hook, which must wait for in-flight requests.
  gracefulShutdown: false,
  // WebSocket routes (`websocket: true`): crossws answers upgrades with the route's hooks.
  plugins: websocketPlugins,
});

handleShutdownSignals({
  onSignal: (shutdown) => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, shutdown);
  },
  // srvx's close is Bun's `server.stop()` (stop accepting, let in-flight requests finish) plus
  // pending `waitUntil` work.
  close: () => server.close(),
  exit: (code) => process.exit(code),
  timeout: process.env.EDGEPLATE_SHUTDOWN_TIMEOUT,
});
