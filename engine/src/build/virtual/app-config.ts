import type { VirtualContext } from "./index.ts";

export function appConfigModule({ options }: VirtualContext): string {
  return [
    `export const dev = ${options.dev};`,
    `export const maxBodySize = ${options.maxBodySize};`,
    `export const runtimeConfig = ${JSON.stringify(options.runtimeConfig)};`,
  ].join("\n");
}
