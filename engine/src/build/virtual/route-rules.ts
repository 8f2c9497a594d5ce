import { join } from "pathe";
import { runtimeDir } from "../paths.ts";
import type { VirtualContext } from "./index.ts";

const BUILD_ONLY_RULES = new Set(["prerender", "static", "isr"]);

/**
 * The route-rules middleware, importing only the rule handlers the config uses: an app without
 * cache rules ships no cache code, one without rules ships no rule matcher at all.
 */
export function routeRulesModule({ options }: VirtualContext): string {
  const rules = runtimeRouteRules(options.routeRules);
  const used = new Set(Object.values(rules).flatMap((r) => Object.keys(r)));
  if (used.size === 0) return "export const routeRulesMiddleware = undefined;\n";
  const imports = [`import { routeRules, ruleHandlers } from "h3/rules";`];
  const handlers = ["...ruleHandlers"];
  if (used.has("proxy")) {
    imports.push(`import { proxy } from "h3/rules/proxy";`);
    handlers.push("proxy");
  }
  if (used.has("cache") || used.has("swr")) {
    imports.push(`import { cacheRule } from ${JSON.stringify(join(runtimeDir, "cache/rule.ts"))};`);
    handlers.push("cache: cacheRule");
  }
  return `${imports.join("\n")}
export const routeRulesMiddleware = routeRules(${JSON.stringify(rules)}, { handlers: { ${handlers.join(", ")} } });
`;
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
