import type { VirtualContext } from "./index.ts";

export function publicAssetsModule({ options, publicFiles }: VirtualContext): string {
  const assets = options.preset.serveStatic === false ? {} : Object.fromEntries(publicFiles.map((f) => [f.path, f.meta]));
  return `export const publicAssets = ${JSON.stringify(assets)};\n`;
}
