import { readFile } from "node:fs/promises";
import { relative } from "pathe";
import type { ResolvedOptions } from "../types/config.ts";
import { createError } from "./errors.ts";
import { runtimeFile } from "./paths.ts";
import type { ScannedApp } from "./scan.ts";

/** Hosts without WebSockets, named in the build error (those whose preset has no `websocket`). */
const CALL = /\bdefineWebSocketHandler\s*\(/;

/** `#edgeplate/websocket`: the srvx plugin of crossws (its `crossws/server` export picks the host's adapter by export condition), when `websocket: true`. */
export function websocketModule({ options }: { options: ResolvedOptions }): string {
  if (options.config.websocket !== true || (!options.preset.websocket && !options.dev)) return "export const websocketPlugins = [];\n";
  // Dev runs in a Node worker thread whatever the target host (dev-websocket.ts).
  return `import { plugin } from ${JSON.stringify(options.dev ? "crossws/server/node" : "crossws/server")};\n// Hooks come from the app: crossws calls its fetch and reads what \`defineWebSocketHandler\` attached.\nexport const websocketPlugins = [plugin({})];\n`;
}

/** Dev only: the plugin that starts the dev build's WebSocket listener (runtime/entries/dev-websocket.ts). */
export function devWebSocketPlugins(options: ResolvedOptions): string[] {
  return options.dev && options.config.websocket === true ? [runtimeFile("entries/dev-websocket")] : [];
}

/**
 * A route file calling `defineWebSocketHandler` needs `websocket: true` and a host with WebSockets;
 * either missing fails the build with the route's `file:line:col`.
 */
export async function checkWebSocketSupport(options: ResolvedOptions, app: ScannedApp): Promise<void> {
  if (options.config.websocket !== undefined && typeof options.config.websocket !== "boolean") {
    throw createError("config", `\`websocket\` must be \`true\` or \`false\`, got \`${JSON.stringify(options.config.websocket)}\`.`);
  }
  for (const route of app.routes) {
    if (route.file.startsWith("#")) continue;
    const where = await webSocketCall(route.file);
    if (!where) continue;
    const at = `\`${relative(options.rootDir, route.file)}:${where.line}:${where.column}\``;
    if (options.config.websocket !== true) {
      throw createError("websocket", `${at} defines a WebSocket route, but WebSockets are off. Add \`websocket: true\` to the config.`);
    }
    if (!options.preset.websocket && !options.dev) {
      throw createError(
        "websocket",
        `${at} defines a WebSocket route, but platform \`${options.preset.name}\` has no WebSockets. Build for node-server, node-cluster, bun, deno or cloudflare, or remove the route.`,
      );
    }
  }
}

async function webSocketCall(file: string): Promise<{ line: number; column: number } | undefined> {
  const text = await readFile(file, "utf8").catch(() => "");
  const match = CALL.exec(text);
  if (!match) return undefined;
  const before = text.slice(0, match.index).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
