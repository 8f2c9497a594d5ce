import { importList } from "./middleware.ts";
import type { VirtualContext } from "./index.ts";

export function pluginsModule({ app }: VirtualContext): string {
  const errorHandler = app.errorHandler ? `export { default as errorHandler } from ${JSON.stringify(app.errorHandler)};` : "export const errorHandler = undefined;";
  return `${importList("plugins", app.plugins)}${errorHandler}\n`;
}
