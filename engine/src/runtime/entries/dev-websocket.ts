// Dev only (`websocket: true`): the dev server's socket lives in the main thread and the app in a
// worker thread, and a socket cannot move between threads. So the worker listens on a local port
// of its own with crossws, tells the dev server that port, and the dev server hands each upgrade
// request to it byte for byte (build/dev-websocket.ts).
import { parentPort } from "node:worker_threads";
import { serve } from "srvx/node";
import { websocketPlugins } from "#edgeplate/websocket";
import type { EdgeplatePlugin } from "../internal/types.ts";

const devWebSockets: EdgeplatePlugin = async (app) => {
  if (!parentPort || websocketPlugins.length === 0) return;
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1", plugins: websocketPlugins, silent: true, gracefulShutdown: false });
  await server.ready();
  const port = Number((server.node?.server?.address() as { port: number } | null)?.port);
  parentPort.postMessage({ type: "websocket", port });
  app.hooks.hook("close", () => server.close(true));
};

export default devWebSockets;
