import type { IncomingMessage } from "node:http";
import { connect } from "node:net";
import type { Duplex } from "node:stream";

/** How long an upgrade waits for a fresh build's WebSocket listener to report its port. */
const PORT_WAIT_MS = 5000;

/**
 * `edgeplate dev` / `vite dev` with `websocket: true`: hands an upgrade request, as it arrived, to the
 * current build's WebSocket listener in its worker thread (runtime/entries/dev-websocket.ts) and
 * pipes the two sockets. A rebuild leaves open connections on the old build until it closes.
 */
export function proxyUpgrade(port: () => Promise<number | undefined>) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on("error", () => socket.destroy());
    void waitForPort(port).then((target) => {
      if (!target) return void socket.end("HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      const upstream = connect(target, "127.0.0.1", () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
        if (head.length > 0) upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      // Either side going away ends the other: a dropped client must not keep the app's peer open.
      upstream.on("error", () => socket.destroy());
      upstream.on("close", () => socket.destroy());
      socket.on("close", () => upstream.destroy());
    });
  };
}

async function waitForPort(port: () => Promise<number | undefined>): Promise<number | undefined> {
  const deadline = Date.now() + PORT_WAIT_MS;
  for (;;) {
    const found = await port().catch(() => undefined);
    if (found || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}
