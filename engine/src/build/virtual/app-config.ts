import type { VirtualContext } from "./index.ts";

export function appConfigModule({ options }: VirtualContext): string {
  return [
    `export const dev = ${options.dev};`,
    `export const maxBodySize = ${options.maxBodySize};`,
    `export const routeRules = ${JSON.stringify(runtimeRouteRules(options.routeRules))};`,
    `export const runtimeConfig = ${JSON.stringify(options.runtimeConfig)};`,
  ].join("\n");
}

const BUILD_ONLY_RULES = new Set(["prerender", "static", "isr"]);

/** Build-time rules (prerender, static, isr) shape the output, not the request; `isr` serves as `swr`. */
function runtimeRouteRules(rules: VirtualContext["options"]["routeRules"]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [pattern, rule] of Object.entries(rules)) {
    const runtime = Object.fromEntries(Object.entries(rule).filter(([k]) => !BUILD_ONLY_RULES.has(k)));
    if (rule.isr !== undefined && rule.isr !== false && runtime.swr === undefined && runtime.cache === undefined) {
      runtime.swr = rule.isr;
    }
    if (Object.keys(runtime).length > 0) out[pattern] = runtime;
  }
  return out;
}
