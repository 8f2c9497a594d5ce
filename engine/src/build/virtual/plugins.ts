import { importList } from "./middleware.ts";
import type { VirtualContext } from "./index.ts";
import { taskPlugins } from "../tasks.ts";
import { devWebSocketPlugins } from "../websocket.ts";

export function pluginsModule({ app, options }: VirtualContext): string {
  // `error.ts` first, then the config's `errorHandler` files: the runtime asks each in turn.
  const handlers = [...(app.errorHandler ? [app.errorHandler] : []), ...app.errorHandlers];
  const imports = handlers.map((file, i) => `import e${i} from ${JSON.stringify(file)};\n`).join("");
  // None: `undefined`, so the bundle leaves out the runtime's loop over them.
  const list = handlers.length > 0 ? `[${handlers.map((_, i) => `e${i}`).join(", ")}]` : "undefined";
  return `${importList("plugins", [...taskPlugins({ options, app }), ...devWebSocketPlugins(options), ...app.plugins])}${imports}export const errorHandlers = ${list};\n`;
}
