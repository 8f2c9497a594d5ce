import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { proxyUpgrade } from "../build/dev-websocket.ts";

interface UpgradeTarget {
  /** Whether the app answers `GET url` (the dev controller's `matches`). */
  matches: (method: string, url: string) => Promise<boolean | "entry">;
  /** The newest dev build's WebSocket listener (the dev controller's `websocketPort`). */
  websocketPort: () => Promise<number | undefined>;
}

/**
 * `vite dev`'s upgrade listener for the app's WebSocket routes. Vite answers upgrades for its HMR
 * client (`sec-websocket-protocol: vite-hmr`, or `vite-ping`) on the same server; those, and paths
 * the app has no route for, are left alone.
 */
export function proxyAppUpgrades(target: Promise<UpgradeTarget>) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (/\bvite-(hmr|ping)\b/.test(req.headers["sec-websocket-protocol"] ?? "")) return;
    void target
      .then(async (dev) => {
        if ((await dev.matches("GET", req.url ?? "/")) !== true) return;
        proxyUpgrade(() => dev.websocketPort())(req, socket, head);
      })
      .catch(() => socket.destroy());
  };
}
