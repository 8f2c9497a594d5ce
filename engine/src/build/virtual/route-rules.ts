import { runtimeFile } from "../paths.ts";
import type { VirtualContext } from "./index.ts";

const BUILD_ONLY_RULES = new Set(["prerender", "static", "isr"]);

const CACHE_RULES = new Set(["cache", "swr"]);

/**
 * The route-rules middlewares, importing only the rule handlers the config uses: an app without
 * cache rules ships no cache code, one without rules ships no rule matcher at all.
 *
 * Cache rules get a middleware of their own, which the app places after its own middleware: a
 * cached answer is the route's, so auth checks and headers set by middleware still run first
 * (as they do for `defineCachedHandler` routes). The other rules (redirect, cors, headers,
 * proxy) run before the app's middleware.
 */
export function routeRulesModule({ options }: VirtualContext): string {
  const rules = runtimeRouteRules(options.routeRules);
  const [cacheRules, otherRules] = [pick(rules, (k) => CACHE_RULES.has(k)), pick(rules, (k) => !CACHE_RULES.has(k))];
  const used = new Set(Object.values(rules).flatMap((r) => Object.keys(r)));
  if (used.size === 0) return "export const routeRulesMiddleware = undefined;\nexport const cacheRulesMiddleware = undefined;\n";
  const imports = [`import { routeRules, ruleHandlers } from "h3/rules";`];
  const handlers = ["...ruleHandlers"];
  if (used.has("proxy")) {
    imports.push(`import { proxy } from "h3/rules/proxy";`);
    handlers.push("proxy");
  }
  if (used.has("cache") || used.has("swr")) {
    imports.push(`import { cacheRule } from ${JSON.stringify(runtimeFile("cache/rule"))};`);
    handlers.push("cache: cacheRule");
  }
  const middleware = (subset: Record<string, Record<string, unknown>>) =>
    Object.keys(subset).length > 0 ? `routeRules(${JSON.stringify(subset)}, { handlers: { ${handlers.join(", ")} } })` : "undefined";
  return `${imports.join("\n")}
export const routeRulesMiddleware = ${middleware(otherRules)};
export const cacheRulesMiddleware = ${middleware(cacheRules)};
`;
}

/** The rules keeping only the keys `keep` accepts, and only the patterns left with any. */
function pick(rules: Record<string, Record<string, unknown>>, keep: (key: string) => boolean): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [pattern, rule] of Object.entries(rules)) {
    const kept = Object.fromEntries(Object.entries(rule).filter(([k]) => keep(k)));
    if (Object.keys(kept).length > 0) out[pattern] = kept;
  }
  return out;
}

/** Build-time rules (prerender, static, isr) shape the output, not the request; `isr` serves as `swr`. */
function runtimeRouteRules(rules: VirtualContext["options"]["routeRules"]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [pattern, rule] of Object.entries(rules)) {
    const runtime = Object.fromEntries(Object.entries(rule).filter(([k]) => !BUILD_ONLY_RULES.has(k)));
    if (rule.isr !== undefined && rule.isr !== false && runtime.swr === undefined && runtime.cache === undefined) {
      runtime.swr = rule.isr;
    }
    if (Object.keys(runtime).length > 0) out[pattern] = runtime;
  }
  return out;
}
