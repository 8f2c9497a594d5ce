import { serve } from "srvx/deno";
import { drainRefusedBodies, handleShutdownSignals, setPublicAssetReader, trackInflight, useApp, websocketPlugins } from "edgeplate/platform";

type Signal = "SIGTERM" | "SIGINT" | "SIGBREAK";
declare const Deno: {
  readFile(path: string): Promise<Uint8Array<ArrayBuffer>>;
  env: { get(name: string): string | undefined };
  build: { os: string };
  addSignalListener(signal: Signal, handler: () => void): void;
  exit(code?: number): never;
};

const env = (name: string) => Deno.env.get(name);
const publicDir = decodeURIComponent(new URL("../public", import.meta.url).pathname);
setPublicAssetReader((id) => Deno.readFile(publicDir + id));

const app = useApp();
// No `export default`: Deno would suggest `deno serve` for an exported `{ fetch }`.
const server = serve({
  // A chunked body cut off by the size limit is read to its end (bounded) before the 413 goes out:
  // Deno otherwise holds the answer to a client that is still sending.
  fetch: trackInflight(drainRefusedBodies(app.fetch)),
  port: env("EDGEPLATE_PORT") || env("PORT") || 3000,
  hostname: env("EDGEPLATE_HOST") || env("HOST") || undefined,
  // srvx's own shutdown stops the server but never runs the app's `close` hook.
  gracefulShutdown: false,
  // WebSocket routes (`websocket: true`): crossws answers upgrades with the route's hooks.
  plugins: websocketPlugins,
});

handleShutdownSignals({
  onSignal: (shutdown) => {
    // Windows has no SIGTERM: Deno throws when asked to listen for it there.
    const signals: Signal[] = Deno.build.os === "windows" ? ["SIGINT", "SIGBREAK"] : ["SIGTERM", "SIGINT"];
    for (const signal of signals) Deno.addSignalListener(signal, shutdown);
  },
  // srvx's close is Deno's `server.shutdown()` (stop accepting, let in-flight requests finish)
  // plus pending `waitUntil` work.
  close: () => server.close(),
  exit: (code) => Deno.exit(code),
  timeout: env("EDGEPLATE_SHUTDOWN_TIMEOUT"),
});
